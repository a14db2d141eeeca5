"""Which file of the content folder a link in a body names (pure; never imports Pelican).

Editors link files three ways: ``{static}/files/x.pdf`` (from the content folder),
``../../files/x.pdf`` (from the article's folder) and ``/files/x.pdf`` or
``/images/...`` (from the content folder, as for photos). :func:`file_link` turns each
into the file's path from the content folder, lexically: symlinks are refused before
anything is read (the ``attachments`` plugin), so a path that stays inside the folder
on paper stays inside it on disk. A link that would leave the content folder, or names
a file on the editor's computer, carries a problem instead; site addresses
(``/gioi-thieu/``), other articles (``{filename}``) and web addresses are not files.

What may be published is an allowlist of types: :func:`file_type` sorts a path into
``photo`` (published only as derived copies by the ``images`` plugin), ``attachment``
or ``refused`` (HTML, SVG, scripts: served from the site's own address, they could run
code in readers' browsers).
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

# Pelican's link markers for files (``INTRASITE_LINK_REGEX`` is ``[{|](?P<what>.*?)[|}]``).
_FILE_MARKER = re.compile(r"^[{|](static|attach)[|}]")
# Any of Pelican's link markers ({static}, {filename}, |tag| ...).
MARKER = re.compile(r"^[{|][a-z]+[|}]")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_DRIVE = re.compile(r"^[a-z]:[\\/]", re.IGNORECASE)
# Top folders of the content folder whose files are linked from the site's root.
ROOT_FILE_FOLDERS = ("files", "images")
# First folders of absolute paths on editors' computers and servers: ``/home/...`` is a
# file on a disk, never an address of this site.
_FILESYSTEM_ROOTS = frozenset({
    "home", "Users", "etc", "usr", "var", "tmp", "root", "mnt", "media", "opt", "srv", "proc", "sys",
    "dev", "bin", "sbin", "lib", "boot", "run", "Volumes", "private", "Library",
})

# What the images plugin derives copies from (``images.pipeline``'s accepted formats).
PHOTO_TYPES = frozenset({"jpg", "jpeg", "png", "webp", "gif", "heic", "heif", "avif", "tif", "tiff", "bmp"})
ATTACHMENT_TYPES = frozenset({
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "txt", "csv",
    "zip", "rar", "7z", "mp3", "mp4",
})
# Types that are programs or run in a browser, whatever their name says.
_PROGRAMS = frozenset({"js", "mjs", "xml", "xsl", "xslt", "json", "swf", "php", "exe", "bat", "cmd", "sh", "jar",
                       "msi", "apk"})
# Where attachments live (photos may be anywhere; the images plugin derives them).
ATTACHMENT_FOLDER = "files"


@dataclass(frozen=True, slots=True)
class FileLink:
    """A link to a file. ``written``: the link as found; ``path``: the file from the
    content folder (normalized, ``/``-separated; "" when ``problem``); ``key``: the path
    as Pelican names the linked file in ``static_links`` (see ``static_key``)."""

    written: str
    path: str
    key: str = ""
    problem: str = ""


def _leaves(path: str) -> bool:
    return path == ".." or path.startswith("../") or path.startswith("/")


def _escape_problem(written: str) -> str:
    return (f'liên kết "{written}" trỏ ra ngoài thư mục content/: không đọc và không xuất bản tệp ngoài đó. '
            "Chép tệp vào content/files/ rồi viết {static}/files/ten-tep.pdf.")


def _disk_problem(written: str) -> str:
    return (f'liên kết "{written}" là đường dẫn tệp trên máy tính, không phải địa chỉ trên trang. '
            "Chép tệp vào content/files/ rồi viết {static}/files/ten-tep.pdf.")


def static_key(value: str, source_dir: str) -> str:
    """The name Pelican gives the file of ``{static}value`` in an article of the folder
    ``source_dir`` (``Content.get_static_links``): without the leading ``/``, else
    joined to the folder and normalized; ``%20`` read as a space."""
    value = value.split("#", 1)[0].split("?", 1)[0]
    key = value[1:] if value.startswith("/") else posixpath.normpath(posixpath.join(source_dir, value))
    return key.replace("%20", " ")


def file_link(written: str, source_dir: str) -> FileLink | None:
    """The file ``written`` (an ``href``/``src`` of a body in the folder ``source_dir``,
    from the content folder) links; None when it links no file of the content folder."""
    ref = written.strip()
    if not ref or ref.startswith(("#", "?")):
        return None
    if _DRIVE.match(ref) or ref.startswith("\\\\") or ref.lower().startswith("file:"):
        return FileLink(written, "", problem=_disk_problem(written))
    marker = _FILE_MARKER.match(ref)
    if marker:
        value = ref[marker.end():]
        local = unquote(value.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
        joined = local.lstrip("/") if local.startswith("/") else posixpath.join(source_dir, local)
        path = posixpath.normpath(joined)
        key = static_key(value, source_dir)
        if _leaves(path) or _leaves(posixpath.normpath(key)):
            return FileLink(written, "", key, _escape_problem(written))
        return FileLink(written, path, key)
    if MARKER.match(ref) or _SCHEME.match(ref) or ref.startswith("//"):
        return None
    local = unquote(ref.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if local.startswith("/"):
        first = local.lstrip("/").split("/", 1)[0]
        if first in _FILESYSTEM_ROOTS:
            return FileLink(written, "", problem=_disk_problem(written))
        if first not in ROOT_FILE_FOLDERS:
            return None  # an address of the site
        path = posixpath.normpath(local.lstrip("/"))
    else:
        if local.endswith("/"):
            return None  # a relative address of a page (``../../gioi-thieu/``), never a file
        path = posixpath.normpath(posixpath.join(source_dir, local))
        if _leaves(path):
            return FileLink(written, "", problem=_escape_problem(written))
        if not posixpath.splitext(path)[1]:
            return None  # a relative address of a page, not a file
    if _leaves(path):
        return FileLink(written, "", problem=_escape_problem(written))
    return FileLink(written, path, path)


def extension(path: str) -> str:
    return posixpath.splitext(path)[1][1:].lower()


def file_type(path: str) -> str:
    """``photo``, ``attachment`` or ``refused``."""
    ext = extension(path)
    if ext in PHOTO_TYPES:
        return "photo"
    if ext in ATTACHMENT_TYPES:
        return "attachment"
    return "refused"


def refused_type_fix(path: str) -> str:
    """Why a file of this type is not published, and what to do instead."""
    ext = extension(path)
    allowed = ", ".join(sorted(ATTACHMENT_TYPES))
    if ext in {"html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml"}:
        fix = "xuất trang ra PDF (In → Lưu dưới dạng PDF) rồi đính kèm tệp PDF"
    elif ext == "svg":
        fix = "xuất hình ra PNG hoặc JPG rồi chèn như ảnh"
    elif ext in _PROGRAMS:
        fix = "không đăng loại tệp này; nếu là tài liệu, xuất ra PDF"
    else:
        fix = "xuất tài liệu ra PDF, hoặc nén vào tệp .zip"
    kind = f"tệp .{ext}" if ext else "tệp không có phần mở rộng"
    return (f"{kind} không được đăng trên trang (trình duyệt có thể chạy mã trong đó); "
            f"{fix}. Các loại được phép: {allowed}; ảnh: {', '.join(sorted(PHOTO_TYPES))}.")


_ANCHOR = re.compile(r"""<a\b[^>]*?\shref\s*=\s*(["'])(?P<href>.*?)\1""", re.DOTALL | re.IGNORECASE)


def article_hrefs(body_html: str, bases: tuple[str, ...]) -> tuple[str, ...]:
    """The addresses of a body's links that may name another article, as written, once
    each, sorted: ``{filename}`` markers, addresses of this site (a path, or starting
    with one of ``bases``, its absolute addresses). Files (``{static}``), other sites,
    e-mail and fragments are left out. Pages show which articles the others link to
    ("Được dẫn nhiều"), so this is a fact of the article like its front matter."""
    found = set()
    for match in _ANCHOR.finditer(body_html):
        href = html.unescape(match.group("href")).strip()
        if not href or href.startswith("#") or _FILE_MARKER.match(href):
            continue
        if MARKER.match(href):
            if href[1:].startswith("filename"):
                found.add(href)
            continue
        if _SCHEME.match(href) or href.startswith("//"):
            if any(base and href.startswith(base) for base in bases):
                found.add(href)
            continue
        found.add(href)
    return tuple(sorted(found))
