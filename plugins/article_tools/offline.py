"""One article as one self-contained HTML file ("Lưu dạng file"), pure.

The file makes no request when opened: images are ``data:`` URIs, the style is
inline, scripts and embedded frames are dropped (a frame becomes a link to its
address), links become absolute. Only ``<a href>`` and the canonical ``<link>``
point elsewhere, and a reader follows those only by choice.

The file travels without the site's server, so its Content-Security-Policy is in
its own ``<meta>`` (:data:`SAVED_POLICY`): nothing but its own style (by hash) and
``data:`` images, no script, no request. Whatever slipped past the cleaning above
would still not run or call anywhere.

``inline_body(html, base_url, load)`` rewrites an article body; ``load(url)`` returns
``(bytes, mime)`` for an image address (as written in the page) or ``None``.
``saved_page(SavedArticle)`` renders the whole file.
"""

from __future__ import annotations

import base64
import hashlib
import html
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

Loader = Callable[[str], "tuple[bytes, str] | None"]

# Elements dropped with everything inside them.
_DROPPED = {"script", "noscript", "template", "object", "embed", "video", "audio"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_URL_ATTRS = {"href", "src", "srcset", "poster", "action", "formaction", "cite", "data", "background"}

SAVED_CSS = """\
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;max-width:46rem;
margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1d1d1f;background:#fff}
h1{font-size:1.75rem;line-height:1.3;margin:0 0 .5rem;color:#0b3d91}
img{max-width:100%;height:auto}figure{margin:1.25rem 0}
figcaption{font-style:italic;color:#4a4f57;text-align:center;font-size:.95rem}
.meta,.site,.address{color:#4a4f57;font-size:.95rem}.summary{font-weight:700}
.author{text-align:right;font-weight:700}.address{border-top:1px solid #ccc;padding-top:.75rem;word-break:break-all}
a{color:#0b3d91}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem}
@media print{body{margin:0;max-width:none}a{color:inherit}}
"""


# The saved file's only style is SAVED_CSS, allowed by its hash; it has no script,
# so script-src falls back to default-src 'none'. Images are inlined: data: only.
SAVED_POLICY = "; ".join([
    "default-src 'none'",
    "img-src data:",
    f"style-src 'sha256-{base64.b64encode(hashlib.sha256(SAVED_CSS.encode('utf-8')).digest()).decode('ascii')}'",
    "base-uri 'none'",
    "form-action 'none'",
])


def data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def parse_srcset(srcset: str) -> list[tuple[str, int]]:
    """``"a.webp 320w, b.webp 640w"`` → ``[("a.webp", 320), ("b.webp", 640)]``
    (a candidate without a width descriptor counts as width 0)."""
    out = []
    for part in srcset.split(","):
        bits = part.split()
        if not bits:
            continue
        width = 0
        if len(bits) > 1 and bits[1].endswith("w") and bits[1][:-1].isdigit():
            width = int(bits[1][:-1])
        out.append((bits[0], width))
    return out


def choose(candidates: list[tuple[str, int]], max_width: int) -> str | None:
    """The widest candidate not wider than ``max_width``, else the narrowest."""
    if not candidates:
        return None
    fitting = [c for c in candidates if c[1] <= max_width]
    if fitting:
        return max(fitting, key=lambda c: c[1])[0]
    return min(candidates, key=lambda c: c[1])[0]


def _attrs(attrs: list[tuple[str, str | None]]) -> str:
    out = []
    for name, value in attrs:
        out.append(f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"')
    return "".join(out)


class _Inliner(HTMLParser):
    def __init__(self, base_url: str, load: Loader, max_width: int) -> None:
        super().__init__(convert_charrefs=False)
        self.base_url, self.load, self.max_width = base_url, load, max_width
        self.out: list[str] = []
        self.drop_depth = 0
        self.drop_tag = ""
        self.picture: list[tuple[str, dict[str, str | None]]] | None = None
        self.missing: list[str] = []

    # -- images ----------------------------------------------------------------

    def _img(self, attrs: dict[str, str | None], sources: list[dict[str, str | None]]) -> str:
        candidates: list[tuple[str, int]] = []
        for source in sources:  # <picture>: WebP first, as a browser would choose
            candidates = parse_srcset(source.get("srcset") or "")
            if candidates:
                break
        if not candidates:
            candidates = parse_srcset(attrs.get("srcset") or "")
        chosen = choose(candidates, self.max_width) or attrs.get("src") or ""
        loaded = self.load(chosen) if chosen else None
        if loaded is None and chosen != attrs.get("src") and attrs.get("src"):
            loaded = self.load(attrs["src"] or "")
        if loaded is None:
            self.missing.append(chosen)
            alt = attrs.get("alt") or ""
            return f"<span>[{html.escape(alt)}]</span>" if alt else ""
        keep = [(k, v) for k, v in attrs.items()
                if k in {"alt", "width", "height", "class", "title"} and v is not None]
        if chosen in {c[0] for c in candidates} and candidates:
            # the chosen variant has its own size; keep the ratio of the written one
            width = dict(candidates).get(chosen)
            w, h = attrs.get("width"), attrs.get("height")
            if width and w and h and w.isdigit() and h.isdigit() and int(w):
                keep = [(k, v) for k, v in keep if k not in {"width", "height"}]
                keep += [("width", str(width)), ("height", str(round(int(h) * width / int(w))))]
        if not any(k == "alt" for k, _ in keep):
            keep.append(("alt", ""))
        return f'<img src="{data_uri(*loaded)}"{_attrs(keep)}>'

    # -- parser events ---------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.drop_depth:
            if tag == self.drop_tag:
                self.drop_depth += 1
            return
        if tag in _DROPPED:
            if tag not in _VOID:
                self.drop_tag, self.drop_depth = tag, 1
            return
        named = dict(attrs)
        if tag == "picture":
            self.picture = []
            return
        if self.picture is not None and tag == "source":
            self.picture.append(("source", named))
            return
        if tag == "img":
            sources = [a for _, a in self.picture] if self.picture is not None else []
            self.out.append(self._img(named, sources))
            return
        if tag == "iframe":
            src = urljoin(self.base_url, named.get("src") or "")
            title = named.get("title") or src
            self.out.append(f'<p><a href="{html.escape(src, quote=True)}">{html.escape(title)}</a></p>')
            self.drop_tag, self.drop_depth = "iframe", 1
            return
        if tag in {"link", "meta", "base", "source", "track"}:
            return
        clean = []
        for name, value in attrs:
            if name.startswith("on") or name in {"loading", "decoding", "fetchpriority", "sizes"}:
                continue
            if name == "href" and value is not None:
                if not value.startswith(("#", "mailto:", "tel:")):
                    value = urljoin(self.base_url, value)
            elif name in _URL_ATTRS:
                continue  # anything else that would be fetched
            clean.append((name, value))
        self.out.append(f"<{tag}{_attrs(clean)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.drop_depth:
            if tag == self.drop_tag:
                self.drop_depth -= 1
            return
        if tag == "picture":
            self.picture = None
            return
        if tag in _VOID or tag in _DROPPED:
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.drop_depth:
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        pass


@dataclass(frozen=True, slots=True)
class InlinedBody:
    html: str
    missing: tuple[str, ...] = field(default=())


def inline_body(body: str, base_url: str, load: Loader, max_width: int = 1024) -> InlinedBody:
    parser = _Inliner(base_url, load, max_width)
    parser.feed(body)
    parser.close()
    return InlinedBody("".join(parser.out), tuple(parser.missing))


@dataclass(frozen=True, slots=True)
class SavedArticle:
    """What the saved file shows; ``lead_html`` and ``body_html`` already inlined."""

    title: str
    date_text: str
    date_iso: str
    author: str
    summary: str
    lead_html: str
    body_html: str
    source_text: str
    url: str
    site_name: str
    address_label: str


def saved_page(a: SavedArticle) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        # First after the charset: the policy covers every element that follows.
        f'<meta http-equiv="Content-Security-Policy" content="{e(SAVED_POLICY, quote=True)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(a.title)} – {e(a.site_name)}</title>",
        f'<link rel="canonical" href="{e(a.url, quote=True)}">',
        f"<style>{SAVED_CSS}</style>",
        "</head>",
        "<body>",
        "<article>",
        f'<p class="site">{e(a.site_name)}</p>',
        f"<h1>{e(a.title)}</h1>",
        f'<p class="meta"><time datetime="{e(a.date_iso, quote=True)}">{e(a.date_text)}</time></p>',
    ]
    if a.summary:
        parts.append(f'<p class="summary">{e(a.summary)}</p>')
    if a.lead_html:
        parts.append(a.lead_html)
    parts.append(f'<div class="body">{a.body_html}</div>')
    parts.append(f'<p class="author">{e(a.author)}</p>')
    if a.source_text:
        parts.append(f'<p class="source">{e(a.source_text)}</p>')
    parts.append(f'<p class="address">{e(a.address_label)} <a href="{e(a.url, quote=True)}">{e(a.url)}</a></p>')
    parts += ["</article>", "</body>", "</html>", ""]
    return "\n".join(parts)


def mime_of(path: str) -> str | None:
    """The type of an image file by its name; None for anything that is not an image."""
    mime = mimetypes.guess_type(path)[0]
    return mime if mime and mime.startswith("image/") else None
