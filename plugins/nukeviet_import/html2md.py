"""Old WYSIWYG HTML (NukeViet 2.0's editor, MS Word pastes) to clean Markdown (pure).

What goes: ``<script>`` and other active content, Word's junk (``<o:p>``, ``<xml>``,
conditional comments, ``Mso`` classes, ``mso-`` styles), every ``style``/``class``/
``font``. What is rewritten: links to other stories (``modules.php?…sid=N`` in any
argument order, with ``&amp;``) to their new addresses, photos under ``/uploads/``
(relative or ``http://…/uploads/…``) to their copies under ``/images/<year>/``. What
stays HTML: tables (Markdown has no merged cells), cleaned with nh3 as the site's own
sanitizer does. Every change a reader could notice is returned as a problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qsl, quote, urlsplit

import nh3
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import MarkdownConverter

from .charset import TCVN3_CAPITALS_FONT, TCVN3_FONT, VNI_FONT, tcvn3_to_unicode

# A photo among the old site's uploads, by its name.
IMAGE_NAME = re.compile(r"\.(jpe?g|png|gif|webp)$", re.I)

# C0/C1 control characters (not tab and newline): the reader would strip them with a
# warning per line, and U+0085 is a line break to YAML.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"
_ACTIVE = ("script", "style", "noscript", "object", "embed", "applet", "form", "input", "button",
           "select", "textarea", "iframe", "frame", "frameset", "meta", "link", "base", "xml")
_TABLE_TAGS = {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "p", "br", "b", "strong",
               "i", "em", "u", "a", "img", "ul", "ol", "li", "sub", "sup"}
_TABLE_ATTRS = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}, "a": {"href"}, "img": {"src", "alt"}}


@dataclass
class Links:
    """How the body's references are rewritten: ``story(sid)`` and ``category(catid)``
    give a new address or None; ``image(path_below_uploads)`` the new ``/images/…``
    path or None when the photo is missing."""

    story: Callable[[int], str | None]
    category: Callable[[int], str | None]
    image: Callable[[str], str | None]


@dataclass
class Converted:
    markdown: str
    problems: list[str] = field(default_factory=list)


def legacy_query(href: str) -> dict[str, str] | None:
    """The arguments of an old ``modules.php`` address (keys lower-cased, ``&amp;``
    undone), or None for any other address."""
    parts = urlsplit(unescape(href.strip()))
    if not parts.path.lower().endswith("modules.php"):
        return None
    query = parts.query.replace("&amp;", "&")
    return {k.lower().removeprefix("amp;"): v for k, v in parse_qsl(query, keep_blank_values=True)}


def uploads_path(src: str) -> str | None:
    """``uploads/News/pic/a.jpg``, ``/uploads/...``, ``http://host/uploads/...`` ->
    ``News/pic/a.jpg``; None when the address is not under ``uploads/``."""
    path = urlsplit(unescape(src.strip())).path
    match = re.search(r"(?:^|/)uploads/(.+)$", path)
    return match.group(1) if match else None


class _Converter(MarkdownConverter):
    def convert_table(self, el, text, parent_tags):  # noqa: ARG002 - markdownify's signature
        # Layout tables with merged cells have no Markdown form: kept as cleaned HTML.
        html = nh3.clean(str(el), tags=_TABLE_TAGS, attributes=_TABLE_ATTRS, link_rel=None)
        html = re.sub(r">\s+<", "><", html)
        return f"\n\n{html}\n\n"


def _font_of(tag: Tag) -> str:
    face = tag.get("face") or ""
    style = tag.get("style") or ""
    match = re.search(r"font-family\s*:\s*([^;]+)", style, re.I)
    return f"{face} {match.group(1) if match else ''}".strip()


def _legacy_fonts(soup: BeautifulSoup, problems: list[str]) -> None:
    vni = 0
    unconverted = 0
    for tag in soup.find_all(True):
        font = _font_of(tag)
        if not font:
            continue
        if TCVN3_FONT.search(font):
            capitals = bool(TCVN3_CAPITALS_FONT.search(font))
            for text in tag.find_all(string=True):
                if isinstance(text, Comment) or getattr(text, "_nv_done", False):
                    continue
                converted, complete = tcvn3_to_unicode(str(text), capitals)
                new = NavigableString(converted)
                new._nv_done = True  # a nested font tag must not convert it twice
                text.replace_with(new)
                unconverted += not complete
        elif VNI_FONT.search(font) and tag.get_text(strip=True):
            vni += 1
    if unconverted:
        problems.append(f"có {unconverted} đoạn phông TCVN3 còn ký tự không chuyển được; kiểm tra lại chữ trong bài")
    if vni:
        problems.append(f"có {vni} đoạn gõ bằng phông VNI (chưa tự chuyển được sang Unicode); sửa tay trong bài")


def _is_word_junk(tag: Tag) -> bool:
    return ":" in (tag.name or "")  # <o:p>, <w:…>, <v:…>, <st1:…>: Office namespaces


def convert_body(html: str, links: Links) -> Converted:
    problems: list[str] = []
    # Word's conditional comments hold VML and style blocks; drop them before parsing.
    html = re.sub(r"<!--\[if.*?<!\[endif\]-->", "", html or "", flags=re.S | re.I)
    soup = BeautifulSoup(html, "html.parser")
    removed: set[str] = set()
    for tag in soup.find_all(_ACTIVE):
        if tag.name not in ("xml", "meta", "link", "style"):
            removed.add(tag.name)
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    if removed:
        problems.append(f"đã bỏ nội dung không an toàn: <{'>, <'.join(sorted(removed))}>")
    _legacy_fonts(soup, problems)
    for tag in soup.find_all(_is_word_junk):
        tag.unwrap()
    for tag in soup.find_all(True):
        for attr in list(tag.attrs):
            if attr.lower().startswith("on") or attr in ("style", "class", "face", "color", "size", "lang", "align"):
                del tag[attr]
    for tag in soup.find_all(("font", "span")):
        tag.unwrap()

    unlinked: list[str] = []
    for a in soup.find_all("a"):
        href = (a.get("href") or "").strip()
        query = legacy_query(href) if href else None
        target = None
        if href.lower().startswith(("javascript:", "vbscript:", "data:")):
            target = None
        elif query is not None:
            name = query.get("name", "").lower()
            sid = query.get("sid", "")
            catid = query.get("catid", "")
            if name == "news" and sid.isdigit():
                target = links.story(int(sid))
            elif name == "news" and catid.isdigit():
                target = links.category(int(catid))
            if target is None:
                unlinked.append(href)
        elif href and not href.startswith("#"):
            parts = urlsplit(href)
            local = uploads_path(href)
            if local is not None:
                target = links.image(local) if IMAGE_NAME.search(local) else None
                if target is None:
                    unlinked.append(href)
            elif parts.scheme in ("http", "https", "mailto", "ftp"):
                target = href
            else:
                unlinked.append(href)  # a page of the old site that has no new address
        if target:
            # Spaces and parentheses would end a Markdown link early.
            a.attrs = {"href": quote(target, safe=_URL_SAFE).replace("(", "%28").replace(")", "%29")}
        else:
            a.unwrap()
    if unlinked:
        problems.append(f"bỏ liên kết không còn đích: {', '.join(dict.fromkeys(unlinked))}")

    missing: list[str] = []
    for img in soup.find_all("img"):
        src = (img.get("src") or "").strip()
        local = uploads_path(src) if src else None
        target = links.image(local) if local else None
        if target is None and src.startswith(("http://", "https://")) and local is None:
            # A photo on another site: readers' browsers would fetch it from there.
            missing.append(src)
            img.decompose()
            continue
        if target is None:
            missing.append(src or "(ảnh không có địa chỉ)")
            img.decompose()
            continue
        alt = markdown_label(img.get("alt") or img.get("title") or "")
        img.attrs = {"src": target, "alt": alt}
    if missing:
        problems.append(f"thiếu ảnh (đã bỏ khỏi bài): {', '.join(dict.fromkeys(missing))}")

    for text in soup.find_all(string=True):
        # Text that looks like a tag ("<b>" written about, not used) must stay text: as
        # an entity Markdown shows it, where a bare "<" would be taken as raw HTML.
        clean = CONTROLS.sub("", text.replace("\xa0", " "))
        clean = clean.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if clean != text:
            text.replace_with(clean)
    markdown = _Converter(heading_style="ATX", bullets="-", escape_underscores=False,
                          escape_misc=False, newline_style="SPACES").convert_soup(soup)
    # Python-Markdown knows only two trailing spaces as a line break (nl2br'd text).
    markdown = "\n".join(line.rstrip() + ("  " if line.endswith("  ") and line.strip() else "")
                         for line in markdown.splitlines())
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return Converted(markdown + "\n" if markdown else "", problems)


def markdown_label(text: str) -> str:
    """Text for ``![…]`` or a ``"…"`` title: one line, no brackets or quotes to end it."""
    text = " ".join(CONTROLS.sub("", text).split())
    return text.replace("[", "(").replace("]", ")").replace('"', "”")


_TAG = re.compile(r"<[^>]*>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)


def plain_text(html: str) -> str:
    """One line of text from a title, a caption or ``hometext`` (nl2br'd HTML). A regex,
    not a parser: these are short, and five parsers per story were a third of the run."""
    text = html or ""
    if "<" in text:
        text = _TAG.sub(" ", _SCRIPT.sub(" ", text))
    return " ".join(CONTROLS.sub("", unescape(text)).replace("\xa0", " ").split())
