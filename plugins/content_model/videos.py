"""Which video a link names, and how to embed it without tracking (pure; never imports Pelican).

Editors write a line ``[video](https://www.youtube.com/watch?v=ID)`` (or
``[video: Tiêu đề](…)``) alone in a paragraph, with a YouTube or Facebook address as
their browser shows it. The page then shows a button that loads the player only when
the reader clicks (``theme/static/js/video.js``): until then nothing is requested from
YouTube or Facebook, so they learn nothing of who reads the page. The button is a plain
link to the player's page (``youtube-nocookie.com`` for YouTube), which is what readers
without JavaScript follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

# The hosts of the players; the CSP's frame-src allows exactly these (CONTENT_EMBED_HOSTS).
YOUTUBE_PLAYER = "www.youtube-nocookie.com"
FACEBOOK_PLAYER = "www.facebook.com"
PLAYER_HOSTS = (YOUTUBE_PLAYER, FACEBOOK_PLAYER)

_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
                  "youtube-nocookie.com", "www.youtube-nocookie.com"}
_FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com", "fb.watch"}
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_FACEBOOK_PATH = re.compile(r"^/(?:[^/]+/videos/(?:[^/]+/)?\d+|reel/\d+|watch)/?$")
# The link text that makes a link a video: "video" or "video: Tiêu đề".
VIDEO_TEXT = re.compile(r"^\s*video\s*(?::\s*(?P<title>.*\S))?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Video:
    """``provider``: "YouTube" or "Facebook"; ``player``: the address the click loads
    (and readers without JavaScript follow)."""

    provider: str
    player: str


class VideoError(ValueError):
    """An address that is not a YouTube or Facebook video; the message says what to write."""


def video_of(address: str) -> Video:
    parts = urlsplit(address.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise VideoError(f'"{address}" không phải địa chỉ web của video (bắt đầu bằng https://).')
    if host in _YOUTUBE_HOSTS or host == "youtu.be":
        if host == "youtu.be":
            video_id = parts.path.strip("/")
        elif parts.path == "/watch":
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        else:
            bits = parts.path.strip("/").split("/")
            video_id = bits[1] if len(bits) == 2 and bits[0] in ("embed", "shorts", "live", "v") else ""
        if not _YOUTUBE_ID.match(video_id):
            raise VideoError(f'không thấy mã video trong "{address}". Chép địa chỉ của chính video, '
                             "ví dụ https://www.youtube.com/watch?v=dQw4w9WgXcQ hoặc https://youtu.be/dQw4w9WgXcQ.")
        return Video("YouTube", f"https://{YOUTUBE_PLAYER}/embed/{video_id}?autoplay=1")
    if host in _FACEBOOK_HOSTS:
        if host == "fb.watch":
            if not re.fullmatch(r"/[A-Za-z0-9_-]+/?", parts.path):
                raise VideoError(f'"{address}" không phải địa chỉ một video Facebook.')
            page = f"https://fb.watch{parts.path}"
        else:
            query = parse_qs(parts.query)
            if not _FACEBOOK_PATH.match(parts.path) or (parts.path.rstrip("/") == "/watch" and "v" not in query):
                raise VideoError(f'"{address}" không phải địa chỉ một video Facebook. Mở video trên Facebook, '
                                 "bấm Chia sẻ → Sao chép liên kết, rồi dán địa chỉ đó.")
            page = f"https://www.facebook.com{parts.path}"
            if "v" in query:
                page += f"?v={quote(query['v'][0], safe='')}"
        return Video("Facebook", f"https://{FACEBOOK_PLAYER}/plugins/video.php?href={quote(page, safe='')}"
                                 "&show_text=false&autoplay=true")
    raise VideoError(f'"{address}": chỉ nhúng được video YouTube hoặc Facebook. '
                     "Với video ở nơi khác, viết một liên kết thường: [Xem video](địa chỉ).")
