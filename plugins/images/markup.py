"""``<picture>`` markup for derived images (pure)."""

from __future__ import annotations

import html

from .pipeline import Derived, Variant


def _srcset(prefix: str, variants: list[Variant]) -> str:
    return ", ".join(f"{prefix}{v.path} {v.width}w" for v in variants)


def picture(derived: Derived, prefix: str, alt: str, sizes: str, kind: str = "full",
            lazy: bool = True, css_class: str = "") -> str:
    """A ``<picture>`` with a WebP source and the source format as fallback, explicit
    ``width``/``height`` (no layout shift) and ``loading="lazy"`` unless ``lazy`` is off."""
    webp = derived.of(kind, "image/webp")
    fallback = derived.fallbacks(kind)
    default = fallback[-1] if kind == "full" else fallback[0]
    attrs = [f'src="{prefix}{default.path}"', f'srcset="{_srcset(prefix, fallback)}"', f'sizes="{sizes}"',
             f'width="{default.width}"', f'height="{default.height}"', f'alt="{html.escape(alt, quote=True)}"',
             'decoding="async"']
    if css_class:
        attrs.insert(0, f'class="{css_class}"')
    attrs.append('loading="lazy"' if lazy else 'fetchpriority="high"')
    return (f'<picture><source type="image/webp" srcset="{_srcset(prefix, webp)}" sizes="{sizes}">'
            f"<img {' '.join(attrs)}></picture>")
