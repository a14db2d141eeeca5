"""Python-Markdown extension: body photos become figures, image paths are checked.

* ``![alt](path "Chú thích")`` alone in a paragraph becomes
  ``<figure><img alt=...><figcaption>Chú thích</figcaption></figure>``; the alt
  text falls back to the caption when the editor left it empty.
* A path relative to the article file, ``/images/...`` or ``{static}/...`` is
  checked to exist inside the content folder and rewritten to
  ``{static}/<path from the content root>``, which Pelican then links and copies.
* A link to a file (``../../files/x.pdf``, ``/files/x.pdf``, ``{static}files/x.pdf``)
  is rewritten the same way, so that every file link has one spelling: the
  ``attachments`` plugin checks it and decides whether the file is published, and the
  ``images`` plugin points a link to a photo at its derived copy. Links that leave the
  content folder are left as written for the ``attachments`` plugin to report.

* ``[video](https://www.youtube.com/watch?v=ID)`` (or ``[video: Tiêu đề](…)``) alone
  in a paragraph becomes a click-to-load video (``videos.py``): a figure holding a
  link to the player, which ``theme/static/js/video.js`` replaces with the player's
  frame on click. An address that is not a YouTube or Facebook video is an error.

The state of the document being converted lives on the extension instance and is
reset before every conversion by the reader (one Markdown instance per reader).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from .frontmatter import resolve_content_path
from .links import file_link
from .videos import VIDEO_TEXT, VideoError, video_of

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


@dataclass(frozen=True)
class BodyImage:
    """A photo referenced in the body, by its path from the content root."""

    path: str
    alt: str
    caption: str
    line: int


@dataclass
class ImageProblem:
    src: str
    message: str
    line: int
    field: str = "image"


@dataclass
class DocumentState:
    content_root: Path
    article_dir: Path
    body: str
    body_line: int
    images: list[BodyImage] = field(default_factory=list)
    problems: list[ImageProblem] = field(default_factory=list)

    def folder(self) -> str | None:
        """The article's folder from the content root ("." at the root); None outside it."""
        try:
            relative = self.article_dir.resolve().relative_to(self.content_root.resolve())
        except ValueError:
            return None
        return relative.as_posix() or "."

    def line_of(self, src: str) -> int:
        match = re.search(r"\]\(\s*<?" + re.escape(src), self.body)
        index = match.start() if match else self.body.find(src)
        return self.body_line + (self.body[:index].count("\n") if index >= 0 else 0)


class FigureTreeprocessor(Treeprocessor):
    def __init__(self, md, extension: "FigureExtension") -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        state = self.extension.state
        if state is None:
            return
        for img in root.iter("img"):
            self._check_source(img, state)
        folder = state.folder()
        if folder is not None:
            for link in root.iter("a"):
                found = file_link(link.get("href", ""), folder)
                if found is not None and found.path and not found.written.startswith(("{attach}", "|attach|")):
                    link.set("href", "{static}/" + found.path)
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "p" and self._lone_titled_image(child):
                    parent[index] = self._figure(child[0])
                elif child.tag == "p" and self._lone_video_link(child):
                    video = self._video(child[0], state)
                    if video is not None:
                        parent[index] = video

    def _check_source(self, img: etree.Element, state: DocumentState) -> None:
        src = img.get("src", "")
        if not src or _EXTERNAL.match(src):
            return
        line = state.line_of(src)
        target = resolve_content_path(state.content_root, state.article_dir, src)
        if target is None:
            state.problems.append(
                ImageProblem(src, f'ảnh "{src}" nằm ngoài thư mục nội dung; chép ảnh vào content/images/.', line)
            )
            return
        if not target.is_file():
            shown = target.relative_to(state.content_root.resolve()).as_posix()
            state.problems.append(
                ImageProblem(src, f'không tìm thấy ảnh "{src}" (tìm tại content/{shown}).', line)
            )
            return
        relative = target.relative_to(state.content_root.resolve()).as_posix()
        img.set("src", "{static}/" + relative)
        caption = img.get("title", "")
        state.images.append(BodyImage(relative, img.get("alt", ""), caption, line))

    @staticmethod
    def _lone_titled_image(p: etree.Element) -> bool:
        return (
            len(p) == 1
            and p[0].tag == "img"
            and bool(p[0].get("title"))
            and not (p.text or "").strip()
            and not (p[0].tail or "").strip()
        )

    @staticmethod
    def _lone_video_link(p: etree.Element) -> bool:
        return (
            len(p) == 1
            and p[0].tag == "a"
            and len(p[0]) == 0
            and bool(VIDEO_TEXT.match(p[0].text or ""))
            and not (p.text or "").strip()
            and not (p[0].tail or "").strip()
        )

    @staticmethod
    def _video(link: etree.Element, state: DocumentState) -> etree.Element | None:
        address = link.get("href", "")
        try:
            video = video_of(address)
        except VideoError as error:
            state.problems.append(ImageProblem(address, str(error), state.line_of(address), "video"))
            return None
        match = VIDEO_TEXT.match(link.text or "")
        title = match.group("title") if match else None
        figure = etree.Element("figure", {"class": f"video video--{video.provider.lower()}"})
        play = etree.SubElement(figure, "a", {"class": "video__play", "href": video.player})
        button = etree.SubElement(play, "span", {"class": "video__button"})
        button.text = "▶"
        button.tail = f" Xem video trên {video.provider}" + (f": {title}" if title else "")
        note = etree.SubElement(figure, "figcaption", {"class": "video__note"})
        note.text = f"Video chỉ được tải từ {video.provider} khi bạn bấm xem."
        return figure

    @staticmethod
    def _figure(img: etree.Element) -> etree.Element:
        caption = img.attrib.pop("title")
        if not img.get("alt", "").strip():
            img.set("alt", caption)
        img.tail = None
        figure = etree.Element("figure")
        figure.append(img)
        figcaption = etree.SubElement(figure, "figcaption")
        figcaption.text = caption
        return figure


class FigureExtension(Extension):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.state: DocumentState | None = None

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API name)
        md.treeprocessors.register(FigureTreeprocessor(md, self), "site_figures", 5)
