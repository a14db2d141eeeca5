"""Every Vietnamese word the theme shows, in one place (pure; never imports Pelican).

Templates read them through the Jinja global ``T``: ``{{ T.skip_link }}``; strings
with ``{placeholders}`` are filled with ``.format()``: ``{{ T.category_heading.format(name=category) }}``.
A name that is not here stops the build instead of leaving a hole in the page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from sitecore.errors import ConfigError

STRINGS: Mapping[str, str] = MappingProxyType(
    {
        # Page frame
        "skip_link": "Bỏ qua đến nội dung",
        "home": "Trang chủ",
        "home_link_label": "Hội Khuyến học Việt Nam – Trang chủ",
        "main_nav_label": "Điều hướng chính",
        "about": "Giới thiệu",
        "provinces": "Tỉnh hội",
        "contact": "Liên hệ",
        "sidebar_label": "Thông tin thêm",
        "back_to_top": "Lên đầu trang",
        "breadcrumb_label": "Đường dẫn",
        # Listing pages
        "home_heading": "Tin mới",
        "category_heading": "Chuyên mục: {name}",
        "tag_heading": "Từ khóa: {name}",
        "author_heading": "Tác giả: {name}",
        "province_heading": "Tin tức {full_name}",
        "central_heading": "Tin Trung ương Hội",
        "archives_heading": "Tất cả tin",
        "year_heading": "Tin năm {year}",
        "month_heading": "Tin tháng {month}",
        "day_heading": "Tin ngày {day}",
        "categories_heading": "Chuyên mục",
        "tags_heading": "Từ khóa",
        "authors_heading": "Tác giả",
        "no_articles": "Chưa có tin nào.",
        "articles_count": "{count} tin",
        "news_heading": "Tin tức",
        "pagination_label": "Phân trang",
        "previous_page": "Tin mới hơn",
        "next_page": "Tin cũ hơn",
        "newest_page": "Mới nhất",
        "page_number": "Trang {number}",
        # Provinces and clusters
        "provinces_block_heading": "Tỉnh hội khuyến học",
        "provinces_heading": "Tỉnh hội khuyến học",
        "provinces_intro": "Tin tức của Hội Khuyến học {count} tỉnh, thành phố, xếp theo cụm thi đua.",
        "cluster_news_link": "Tin cả cụm",
        "all_provinces_link": "Tất cả tỉnh hội, cả các tỉnh trước ngày {date}",
        "former_units_heading": "Các tỉnh, thành trước ngày {date}",
        "former_units_intro": "Các tỉnh, thành phố dưới đây đã hợp nhất vào tỉnh, thành phố khác từ ngày {date}; tin cũ của họ vẫn ở đây.",
        "now_part_of": "nay thuộc {full_name}",
        "merged_into": "Từ {date}, {old} hợp nhất vào",
        "includes_predecessors": "Từ {date}, {new} gồm cả",
        "includes_predecessors_tail": "Trang này có cả tin trước đây của các tỉnh đó.",
        "in_cluster": "Thuộc",
        "cluster_members_heading": "Các tỉnh, thành trong cụm",
        "former_member": "trước ngày {date}",
        # Article page
        "article_province": "Tỉnh hội",
        "article_cluster": "Cụm thi đua",
        "tags_label": "Từ khóa:",
        "source": "(Theo {source})",
        "print_address": "Địa chỉ bài viết:",
        "article_nav_label": "Bài trước và bài sau",
        "older_article": "Bài trước",
        "newer_article": "Bài sau",
        # The "not found" page
        "not_found_title": "Không tìm thấy trang",
        "not_found_text": "Địa chỉ bạn mở không có trên trang tin, hoặc bài viết đã được chuyển đi. Bạn có thể:",
        "not_found_home": "Về trang chủ và xem tin mới",
        "not_found_search": "Tìm bài viết",
        "not_found_archives": "Xem tin theo ngày, tháng, năm",
        "not_found_provinces": "Xem tin theo tỉnh hội",
        # Feeds (RSS page)
        "feeds_heading": "Nhận tin qua RSS",
        # The visible "follow" link of a province, cluster, category or central-news page
        "feed_follow_province": "Theo dõi tin tỉnh này (RSS)",
        "feed_follow_cluster": "Theo dõi tin cụm này (RSS)",
        "feed_follow_category": "Theo dõi tin chuyên mục này (RSS)",
        "feed_follow_central": "Theo dõi tin Trung ương Hội (RSS)",
        "feed_all_sources": "Mọi nguồn tin RSS",
        "feeds_intro": (
            "Theo dõi tin của Hội, của từng tỉnh hội, cụm thi đua hoặc chuyên mục bằng trình đọc tin "
            "(Feedly, Inoreader, Thunderbird...): chép địa chỉ RSS hoặc Atom vào trình đọc tin của bạn."
        ),
        "feeds_opml": "Tải tất cả nguồn tin (tệp OPML, dùng để nhập vào trình đọc tin)",
        "feeds_general": "Tin chung",
        "feeds_categories": "Theo chuyên mục",
        "feeds_by_cluster": "Theo cụm thi đua và tỉnh hội",
        "feeds_whole_cluster": "Tin cả cụm",
        "feeds_former_note": "Các tỉnh trước ngày 01/07/2025: nguồn tin tiếp tục với tin của tỉnh, thành mới.",
        "feeds_link": "RSS",
        # Search
        "search_heading": "Tìm kiếm",
        "search_label": "Tìm bài viết",
        "search_placeholder": "Tìm tin…",  # fits the 360 px header; the search page gives examples
        "search_button": "Tìm",
        "search_filters": "Lọc kết quả",
        "search_filter_province": "Tỉnh, thành",
        "search_filter_cluster": "Cụm thi đua",
        "search_filter_category": "Chuyên mục",
        "search_filter_year": "Năm",
        "search_filter_all": "Tất cả",
        "search_needs_js": (
            "Ô tìm kiếm cần JavaScript, nhưng trình duyệt của bạn đang tắt JavaScript. "
            "Bạn vẫn có thể tìm tin theo cách khác:"
        ),
        "search_alt_archives": "Tin theo ngày, tháng, năm (lịch tin)",
        "search_alt_provinces": "Tin theo tỉnh hội và cụm thi đua",
        "search_alt_categories": "Tin theo chuyên mục",
        "search_more": "Xem thêm kết quả",
        # Reading blocks (sidebars and under each article)
        "latest_heading": "Tin mới cập nhật",
        "loaded_block_link": "Xem trên trang chủ",
        "featured_heading": "Tiêu điểm",
        "other_news_heading": "Những bản tin khác",
        "read_more": "Xem tiếp...",
        "same_province_heading": "Tin cùng {full_name}",
        "related_heading": "Tin liên quan",
        # Calendar "Tìm tin theo ngày" and lookup "Tra cứu bài viết"
        "calendar_heading": "Tìm tin theo ngày",
        "calendar_nav_label": "Chuyển tháng",
        "calendar_day_label": "Tin ngày {day} ({count} tin)",
        "calendar_day_label_short": "Tin ngày {day}",
        "calendar_empty": "Không có tin trong tháng này.",
        "calendar_empty_month": "Không có tin trong tháng {month}.",
        "calendar_prev_year": "Năm trước",
        "calendar_prev_month": "Tháng trước",
        "calendar_current": "Tháng hiện tại",
        "calendar_next_month": "Tháng tiếp theo",
        "calendar_next_year": "Năm tiếp theo",
        "lookup_heading": "Tra cứu bài viết",
        # Attachments (plugins/documents)
        "downloads": "Tải về",
        "attachment_meta": "({kind}, {size})",
        "documents": "Văn bản",
        "documents_heading": "Văn bản, tài liệu",
        "documents_intro": "Các tệp đính kèm của những bài đã đăng, bài mới nhất trước.",
        "documents_none": "Chưa có văn bản nào.",
        "documents_of": "Trong bài:",
        "lookup_from": "Từ ngày",
        "lookup_until": "Đến ngày",
        "lookup_format": "(ngày/tháng/năm)",
        "lookup_day": "Ngày",
        "lookup_month": "Tháng",
        "lookup_year": "Năm",
        "lookup_button": "Tra cứu",
        "lookup_result_on": "Các bài viết đăng vào ngày {day} ({count} bài)",
        "lookup_result_range": "Các bài viết đăng từ ngày {from} đến ngày {until} ({count} bài)",
        "lookup_invalid_date": "Không có ngày {day}: hãy chọn lại ngày, tháng, năm.",
        "lookup_wrong_order": "Ngày bắt đầu ({from}) sau ngày kết thúc ({until}): hãy chọn lại.",
        "lookup_more": "Chỉ hiện {shown} bài đầu; hãy chọn ngày hoặc chuyên mục hẹp hơn.",
        "lookup_failed": "Không tải được danh sách bài viết. Bạn vẫn có thể xem tin theo ngày, tháng, năm:",
        "lookup_needs_js": "Trang tra cứu cần JavaScript. Bạn vẫn có thể xem tin theo ngày, tháng, năm:",
        # Article tools and the photo viewer
        "tools_heading": "Công cụ",
        "tool_print": "Bản để in",
        "tool_save": "Lưu dạng file",
        "tool_mail": "Gửi tin qua email",
        "tool_facebook": "Chia sẻ Facebook",
        "tool_zalo": "Chia sẻ Zalo",
        "viewer_previous": "Ảnh trước",
        "viewer_next": "Ảnh sau",
        "viewer_close": "Đóng",
        "viewer_open": "Xem hình",
        "viewer_close_hint": "Đóng (phím Esc, hoặc bấm ra ngoài ảnh)",
        # Reader's site, second pass (issue 35): updates, indexes in the footer
        "updated_at": "Cập nhật lúc",
        "most_read_heading": "Xem nhiều",
        "most_read_note": "Theo lượt xem trên trang cũ của Hội",
        "views": "{count} lượt xem",
        "most_linked_heading": "Được dẫn nhiều",
        "most_linked_note": "Bài được nhiều bài khác trên trang dẫn tới",
        "linked_by": "{count} bài dẫn tới",
        "documents_latest_heading": "Văn bản mới",
        "documents_all": "Tất cả văn bản, tài liệu",
        "tool_share": "Chia sẻ",
        "tool_copy_link": "Sao chép liên kết",
        "tool_link_copied": "Đã chép liên kết bài viết.",
        "tool_copy_failed": "Không chép được liên kết; hãy chép địa chỉ trên thanh địa chỉ của trình duyệt.",
        # Footer: the association's own facts, as on its current site
        "footer_label": "Thông tin liên hệ",
        "copyright": "Bản quyền thuộc Trung ương Hội Khuyến học Việt Nam",
        "address_label": "Địa chỉ:",
        "address": "Tầng 13, Cung Trí thức Thành phố, số 1 Tôn Thất Thuyết, Cầu Giấy, Hà Nội",
        "phone_label": "Điện thoại Văn phòng:",
        "phone": "0243 7726151",
        "website_phone_label": "Website:",
        "website_phone": "0243 7726148",
        "email_label": "Email:",
        "email": "khuyenhocvn@gmail.com",
        "licence": (
            "Giấy phép số 254/GP-CBC ngày 16/6/2008 của Bộ Thông tin và Truyền thông và "
            "Công văn số 105/PTTH&TTĐT ngày 10/01/2014 của Cục Phát thanh, Truyền hình và "
            "Thông tin Điện tử."
        ),
        "editor": (
            "Phụ trách website & biên tập: Ông Nguyễn Tiến Dũng – Trưởng ban Thông tin "
            "Tuyên truyền TW Hội Khuyến học Việt Nam."
        ),
        # The front page and category leads (plugins/front_page)
        "front_heading": "Tin tức Hội Khuyến học Việt Nam",
        "front_top_label": "Tin chính",
        "front_more": "Xem thêm",
        "front_more_of": "tin {name}",
        "front_provinces_heading": "Tin các tỉnh hội",
        "front_provinces_more": "tin các tỉnh hội",
        "front_gallery_heading": "Sự kiện qua ảnh",
        "front_all_news": "Xem tất cả tin theo ngày, tháng, năm",
        "front_older": "Tin cũ hơn",
        "front_others_heading": "Tin khác",
        "category_lead_label": "Tin nổi bật",
        # The headline slider of the home page (plugins/groups; js/slider.js)
        "headline_count": "{count} tin — vuốt ngang hoặc dùng phím Tab để xem tiếp",
        "headline_previous": "Tin trước",
        "headline_next": "Tin sau",
        # The phone menu button and the menu page it links to without JavaScript
        "menu_button": "Danh mục",
        "menu_heading": "Danh mục trang tin",
        "menu_sections": "Trang và chuyên mục",
        "menu_provinces": "Tỉnh hội và cụm thi đua",
        "menu_all_provinces": "Tất cả tỉnh hội",
        "menu_central": "Tin Trung ương Hội",
        "menu_by_date": "Tin theo ngày",
        "menu_calendar": "Lịch tin (tìm tin theo ngày)",
        "menu_archives": "Tất cả tin theo năm, tháng",
        "menu_lookup": "Tra cứu bài viết được đăng",
        "menu_more": "Khác",
        "menu_search": "Tìm kiếm",
        "menu_documents": "Văn bản, tài liệu",
        "menu_feeds": "Nhận tin qua RSS",
        # Authors and sources (bylines plugin)
        "author_profile_label": "Giới thiệu tác giả",
        "author_pen_name": "Bút danh: {name}",
        "author_photo_alt": "Ảnh tác giả {name}",
        "source_registered": "Theo",
        "external_label": "(nguồn ngoài)",
        "external_item": "Bài đăng tại {source}",
        "external_read": "Đọc toàn bài tại {source}",
        "external_note": "Bài này được đăng trên trang khác; trang này chỉ giới thiệu tóm tắt.",
        # Category landing (categories plugin)
        "also_in_label": "Cũng đăng trong",
        "new_badge": "Mới",
        # Expiry (content_model.expiry)
        "expired_notice": "Tin đã hết hạn",
        "expired_detail": "Hạn của tin là {when}; bài được giữ lại để tra cứu, thông tin trong bài có thể không còn đúng.",
        "expires_label": "Hạn đến",
        # Topic threads (plugins/threads)
        "thread_heading": "Theo dòng sự kiện",
        "thread_page_heading": "Dòng sự kiện: {title}",
        "threads_heading": "Các dòng sự kiện",
        "threads_intro": "Các sự kiện được theo dõi qua nhiều bài, mỗi dòng sự kiện là các bài của nó, mới nhất trước.",
        "thread_block_heading": "Theo dòng sự kiện: {title}",
        "thread_all_link": "Xem cả dòng sự kiện",
        "thread_label": "Dòng sự kiện",
        "thread_last_update": "cập nhật {date}",
        "feed_follow_thread": "Theo dõi dòng sự kiện này (RSS)",
        "feeds_threads": "Theo dòng sự kiện",
    }
)


class UnknownString(ConfigError):
    """A template asked for a UI string that :data:`STRINGS` does not have."""


class UIStrings(Mapping[str, str]):
    """:data:`STRINGS` read as attributes (``T.skip_link``) or items (``T["skip_link"]``).

    An unknown name raises :class:`UnknownString` (neither ``AttributeError`` nor
    ``LookupError``, so Jinja does not swallow it into an empty string).
    """

    def __init__(self, strings: Mapping[str, str] = STRINGS) -> None:
        self._strings = strings

    def __getitem__(self, name: str) -> str:
        try:
            return self._strings[name]
        except KeyError:
            raise UnknownString(f'theme: no UI string "{name}" in plugins/site_pages/strings.py') from None

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._strings)

    def __len__(self) -> int:
        return len(self._strings)
