"""The web editor's form for each front matter field the reader accepts (pure).

One entry per key of ``content_model.frontmatter.KNOWN_FIELDS``: :func:`~.config.article_fields`
walks the reader's list and looks each key up here, so a field added to the reader
without a form here stops the build (and ``tests/cms``) instead of being silently
dropped by the editor. Labels and help texts are what province editors read; they
follow the editors' guide (docs/huong-dan-bien-tap.md, §3).
"""

from __future__ import annotations

from typing import Any

# dayjs tokens of a form the reader accepts (content_model.dates: 2024-07-15 09:30). Not
# the day-first form: Decap reads an article's year (the photo folder, the file's path)
# with dayjs's default parser, which knows only ISO dates.
DATE_FORMAT = "YYYY-MM-DD"
TIME_FORMAT = "HH:mm"
DATETIME_FORMAT = f"{DATE_FORMAT} {TIME_FORMAT}"

# Decap's picker for a Vietnam date and time, written as the reader reads it.
DATE_AND_TIME = {"widget": "datetime", "format": DATETIME_FORMAT, "date_format": DATE_FORMAT,
                 "time_format": TIME_FORMAT, "picker_utc": False}

# Field key -> Decap field definition without name/required/options (added by config).
# "select" fields get their options from the registry or the categories in use.
FORMS: dict[str, dict[str, Any]] = {
    "title": {"label": "Tiêu đề", "widget": "string",
              "hint": "Tiêu đề bài, viết hoa như câu thường. Dấu hai chấm, ngoặc kép đều được."},
    "date": {"label": "Ngày giờ đăng", **DATE_AND_TIME,
             "hint": "Giờ Việt Nam. Ngày trong tương lai: bài tự lên trang đúng giờ đó (hẹn giờ đăng)."},
    # Text, not a list: files written by hand say "author: Minh Trang", and Decap's list
    # widget cannot show a plain text value.
    "author": {"label": "Tác giả", "widget": "string",
               "hint": "Tên người viết; nhiều người thì cách nhau bằng dấu chấm phẩy: Minh Trang; Văn Nam."},
    "province": {"label": "Tỉnh/thành", "widget": "select",
                 "hint": "Gõ vài chữ để tìm. Để trống nếu là tin Trung ương Hội. "
                         "Tỉnh cũ (trước 01/07/2025) chỉ dùng cho bài có ngày trước sáp nhập."},
    "cluster": {"label": "Cụm thi đua", "widget": "select",
                "hint": "Thường để trống: trang tự suy ra cụm từ tỉnh. Chỉ chọn cho tin chung của cả cụm."},
    "category": {"label": "Chuyên mục", "widget": "select",
                 "hint": "Chọn một chuyên mục đang dùng trên trang."},
    "tags": {"label": "Từ khóa", "widget": "list",
             "hint": "Các từ khóa của bài, ví dụ: khuyến học, học bổng."},
    "featured": {"label": "Tiêu điểm", "widget": "boolean", "default": False,
                 "hint": "Bật để bài hiện trong khối \"Tiêu điểm\"."},
    "featured_until": {"label": "Tiêu điểm đến ngày", "widget": "datetime", "format": DATE_FORMAT,
                       "date_format": DATE_FORMAT, "time_format": False, "picker_utc": False,
                       "hint": "Hết ngày này bài rời khối \"Tiêu điểm\". Để trống: nổi bật mãi."},
    "image": {"label": "Ảnh đầu bài", "widget": "image", "choose_url": False,
              "hint": "Ảnh JPEG hoặc PNG; trang tự thu nhỏ và xóa thông tin GPS trong ảnh."},
    "image_caption": {"label": "Chú thích ảnh", "widget": "string",
                      "hint": "Hiện dưới ảnh đầu bài."},
    "image_alt": {"label": "Mô tả ảnh (cho người khiếm thị)", "widget": "string",
                  "hint": "Chỉ ghi khi khác chú thích: tả điều ảnh cho thấy."},
    "summary": {"label": "Tóm tắt", "widget": "text",
                "hint": "Một hai câu. Để trống: trang lấy đoạn đầu bài."},
    "source": {"label": "Nguồn", "widget": "string",
               "hint": "Báo hoặc trang gốc nếu bài lấy từ nơi khác."},
    "status": {"label": "Trạng thái trên trang", "widget": "select", "default": "published",
               "options": [{"label": "Đăng (published)", "value": "published"},
                           {"label": "Nháp, không đăng (draft)", "value": "draft"}],
               "hint": "Bài ở cột Bản nháp/Đang xét duyệt/Sẵn sàng chưa lên trang. Khi Công bố, "
                       "\"Đăng\" đưa bài lên trang (đúng ngày giờ đăng); \"Nháp\" giữ bài lại "
                       "hoặc gỡ một bài đã đăng."},
    "slug": {"label": "Địa chỉ bài (slug)", "widget": "string",
             "hint": "Để trống: lấy từ tiêu đề. Không đổi sau khi bài đã đăng."},
    "modified": {"label": "Ngày giờ sửa bài", **DATE_AND_TIME,
                 "hint": "Chỉ ghi khi sửa nội dung quan trọng của bài đã đăng."},
    "id": {"label": "Mã bài cố định (id)", "widget": "string",
           "hint": "Chỉ ghi khi đổi tên tệp của bài đã đăng (giữ bài trong RSS)."},
    # Further categories (plugins/categories): options are the categories in use, several allowed.
    "also_in": {"label": "Đăng thêm trong chuyên mục", "widget": "select",
                "hint": "Các chuyên mục khác cũng liệt kê bài này (và nguồn RSS của chúng). Địa chỉ bài và "
                        "đường dẫn trang vẫn theo ô Chuyên mục ở trên. Thường để trống."},
    # An article that points to coverage elsewhere (plugins/bylines).
    "link": {"label": "Liên kết ngoài (bài đăng ở trang khác)", "widget": "string",
             "hint": "Chỉ ghi khi bài chỉ giới thiệu một bài đăng ở trang khác: dán địa chỉ đầy đủ, bắt đầu "
                     "bằng https://. Danh sách tin dẫn thẳng tới đó; ghi kèm Nguồn và Tóm tắt."},
    "expires": {"label": "Thời gian hết hạn", **DATE_AND_TIME,
                "hint": "Giờ Việt Nam. Cho tin có hạn (học bổng, tuyển sinh, thông báo): sau thời điểm này bài rời "
                        "trang chủ, các danh sách và RSS. Để trống: không hết hạn."},
    # No default: Decap would write it into every new article, which the reader warns
    # about when the article has no expiry (the reader's own default is archive).
    "after_expiry": {"label": "Sau thời gian hết hạn", "widget": "select",
                     "options": [{"label": "Lưu trữ: giữ trang bài, ghi \"Tin đã hết hạn\" (archive)",
                                  "value": "archive"},
                                 {"label": "Gỡ bài khỏi trang (withdraw)", "value": "withdraw"}],
                     "hint": "Chỉ có tác dụng khi có thời gian hết hạn. Để trống: lưu trữ."},
    "thread": {"label": "Theo dòng sự kiện", "widget": "select",
               "hint": "Chọn nếu bài thuộc một sự kiện được theo dõi qua nhiều bài (đại hội, cứu trợ lũ lụt...). "
                       "Thêm dòng sự kiện mới ở mục \"Dòng sự kiện\"."},
    # Only the importer writes them: kept as they are when an imported article is edited.
    "legacy_sid": {"label": "Số bài trên trang cũ", "widget": "hidden"},
    "legacy_views": {"label": "Lượt xem trên trang cũ", "widget": "hidden"},
}

BODY = {"label": "Nội dung", "name": "body", "widget": "markdown",
        "hint": "Nút + → Image để chèn ảnh vào bài, + → Tệp đính kèm để đính kèm PDF, Word, Excel "
                "(cả hai được cất vào content/files/)."}

# Static pages (content/pages/): the fields a page uses.
PAGE_KEYS: tuple[str, ...] = ("title", "summary", "image", "image_caption", "image_alt",
                              "status", "slug", "modified")
