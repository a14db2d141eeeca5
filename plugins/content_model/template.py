"""The new-article template of ``invoke new`` and the reader's knowledge of it (pure).

One place holds both, so a template value can never reach readers by mistake: the
reader refuses a field (or body) still holding the template's placeholder and says what
to write. Hint lines are commented fields whose note is a YAML comment
(``# cluster: Tây Bắc   # tự suy ra…``): uncommenting the line gives a valid value.
Files made with the earlier template carry the note in parentheses after the value;
the reader recognises those notes exactly, drops them and warns.
"""

from __future__ import annotations

import datetime as dt
import re

# Placeholder values of the template -> what the editor is told to write instead.
AUTHOR_PLACEHOLDER = "Họ và Tên"
SUMMARY_PLACEHOLDER = "Một hai câu tóm tắt bài viết."
CAPTION_PLACEHOLDER = "Chú thích ảnh đầu bài"
ALT_PLACEHOLDER = "Mô tả ảnh cho người khiếm thị"
BODY_PLACEHOLDER = "Viết nội dung bài ở đây."

PLACEHOLDERS: dict[str, dict[str, str]] = {
    "author": {AUTHOR_PLACEHOLDER: "ghi tên người viết, ví dụ author: Nguyễn Văn A"},
    "summary": {SUMMARY_PLACEHOLDER: "viết một hai câu tóm tắt bài, hoặc xoá dòng summary "
                                     "(khi đó trang lấy đoạn đầu bài)"},
    "image_caption": {CAPTION_PLACEHOLDER: "viết chú thích thật của ảnh, hoặc thêm dấu # ở đầu dòng"},
    "image_alt": {ALT_PLACEHOLDER: "tả điều ảnh cho thấy, ví dụ image_alt: Các em học sinh nhận học bổng, "
                                   "hoặc thêm dấu # ở đầu dòng"},
}

# Notes of earlier templates written after a value, in parentheses (exact texts).
OLD_NOTES: dict[str, tuple[str, ...]] = {
    "province": ("(bỏ trống = tin Trung ương Hội)",),
    "cluster": ("(tự suy ra từ tỉnh; chỉ ghi khi cần)",),
    "featured_until": ("(hết hạn nổi bật)",),
    "image_alt": ("(nếu khác chú thích)",),
    "modified": ("(ngày sửa bài)",),
    "id": ("(mã bài cố định cho RSS; chỉ ghi khi đổi tên tệp của bài đã đăng)",),
}


def placeholder_fix(key: str, value: str) -> str | None:
    """What to write instead of ``value`` when it is the template's placeholder for
    ``key``; None when it is the editor's own value."""
    return PLACEHOLDERS.get(key, {}).get(value)


def strip_old_note(key: str, value: str) -> tuple[str, str] | None:
    """``(value without the note, the note)`` when ``value`` ends with a note of an
    earlier template for ``key``; None otherwise."""
    for note in OLD_NOTES.get(key, ()):
        if value == note or value.endswith(f" {note}"):
            return value[: -len(note)].strip(), note
    return None


_BODY_START = re.compile(r"\A\s*" + re.escape(BODY_PLACEHOLDER))


def body_is_placeholder(body: str) -> bool:
    """Whether the body still starts with the template's placeholder sentence."""
    return bool(_BODY_START.match(body))


def new_article(title: str, now: dt.datetime, slug: str, province: str = "",
                category: str = "Hoạt động Hội", author: str = "") -> str:
    """The text of a new article file: every field filled or commented. Each note is a
    YAML comment after the value, so removing the leading ``# `` gives a valid field."""
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    lines = [
        "---",
        f"title: {quoted}",
        f'date: "{now:%d/%m/%Y %H:%M}"',
        f"author: {author or AUTHOR_PLACEHOLDER}",
        f"province: {province}" if province else "# province: Lào Cai   # bỏ trống = tin Trung ương Hội",
        "# cluster: Tây Bắc   # tự suy ra từ tỉnh; chỉ ghi khi cần",
        f"category: {category}",
        "# also_in: [Gương sáng hiếu học]   # chuyên mục khác cũng liệt kê bài; thường bỏ trống",
        "tags: [khuyến học, xã hội học tập]",
        "featured: false",
        f"# featured_until: 31/12/{now:%Y}   # hết nổi bật sau ngày này",
        f"# image: images/{now:%Y}/ten-anh.jpg",
        f"# image_caption: {CAPTION_PLACEHOLDER}",
        f"# image_alt: {ALT_PLACEHOLDER}   # chỉ ghi khi khác chú thích",
        f"summary: {SUMMARY_PLACEHOLDER}",
        "# source: Báo Giáo dục và Thời đại",
        "# link: https://giaoducthoidai.vn/ten-bai.html   # chỉ ghi khi bài dẫn tới bài đăng ở trang khác",
        "status: draft",
        f"# slug: {slug}",
        f"# modified: {now:%d/%m/%Y %H:%M}   # ngày giờ sửa bài",
        f"# id: {now:%Y-%m-%d}-{slug}   # mã bài cố định cho RSS; chỉ ghi khi đổi tên tệp của bài đã đăng",
        f"# expires: 31/12/{now:%Y} 17:00   # hết hạn: sau lúc này bài rời trang chủ, danh sách, RSS",
        "# after_expiry: archive   # archive: giữ trang, ghi \"Tin đã hết hạn\"; withdraw: gỡ bài",
        "# thread: huong-toi-dai-hoi-vii   # dòng sự kiện (slug hoặc tiêu đề trong content/dong-su-kien.yml)",
        "---",
        f'{BODY_PLACEHOLDER} Ảnh trong bài viết theo mẫu: `![Mô tả](/images/năm/tên-ảnh.jpg "Chú thích")`',
        "",
    ]
    return "\n".join(lines)
