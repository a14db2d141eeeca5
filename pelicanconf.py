"""Settings of the Hội Khuyến học site (development build).

Thin on purpose: it chooses settings; every behaviour lives in ``plugins/``.
Run from the repository root: ``pelican content -s pelicanconf.py -o output``.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# Plugins share the ``sitecore`` package (errors, build report); Pelican loads
# plugins by path without putting that path on sys.path, so add it here.
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

AUTHOR = "Trung ương Hội Khuyến học Việt Nam"
SITENAME = "Hội Khuyến học Việt Nam"
SITE_SLOGAN = "Khuyến học, khuyến tài, xây dựng xã hội học tập"
# The name under the icon when a reader adds the site to a phone's home screen.
SITE_SHORT_NAME = "Khuyến học"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
# One language: no translation grouping by slug (two articles may share a title, and so
# a slug, on different dates; each has its own dated address).
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
LOCALE = ("C.UTF-8",)

THEME = str(ROOT / "theme")
PLUGIN_PATHS = [str(ROOT / "plugins")]
# Run order: safe_build first (it creates the build session), then the content model.
PLUGINS = ["safe_build", "content_model", "provinces", "threads", "site_pages", "bylines", "categories", "images", "documents", "attachments", "calendar_archive", "sidebars", "groups", "front_page", "incremental", "feeds", "seo", "article_tools", "redirects", "search", "cms", "precompress", "resident"]

PROVINCES_REGISTRY = str(ROOT / "data" / "provinces.yml")

ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
# Files besides the pages are published only when a published article or page links
# them (the attachments plugin): photos as derived, metadata-free copies by the images
# plugin, originals too only when IMAGES_PUBLISH_ORIGINALS is on; attachments from
# content/files/ of an allowed type. No folder is published whole.
IMAGES_PUBLISH_ORIGINALS = False
STATIC_PATHS: list[str] = []
ARTICLE_EXCLUDES: list[str] = []
# Editors write Markdown only; the reStructuredText and HTML readers stay off.
READERS = {"rst": None, "html": None, "htm": None}
# Articles name their date and category in the front matter (required fields): no
# guessing them from file and folder names, which the front matter would overwrite
# anyway (it cost parsing 10,000 dates and making 10,000 categories per build).
FILENAME_METADATA = ""
USE_FOLDER_AS_CATEGORY = False
IGNORE_FILES = [".#*", "*~", "*.swp", ".DS_Store", "Thumbs.db", "desktop.ini"]

MARKDOWN = {
    "extensions": [
        "markdown.extensions.extra",
        "markdown.extensions.sane_lists",
    ],
    "extension_configs": {},
    "output_format": "html5",
}
# Raw HTML in articles is cleaned with an allowlist; <iframe> embeds only from these hosts.
# Hosts of embedded players: the CSP's frame-src allows exactly these, and a raw <iframe>
# elsewhere is removed. The click-to-load videos (content_model/videos.py) use these two.
CONTENT_EMBED_HOSTS = ["www.youtube-nocookie.com", "www.facebook.com"]
# auto_reload off: each build is a new process, so templates never change under it, and
# checking every included template's file on each use costs seconds on a large site.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "auto_reload": False}

# Addresses (Vietnamese words in URLs). Articles carry their Vietnam-time date.
ARTICLE_URL = "tin/{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_SAVE_AS = "chuyen-muc/index.html"
TAG_URL = "tu-khoa/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_SAVE_AS = "tu-khoa/index.html"
AUTHOR_URL = "tac-gia/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_SAVE_AS = "tac-gia/index.html"
ARCHIVES_SAVE_AS = "tin/index.html"
YEAR_ARCHIVE_URL = "tin/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "tin/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
DAY_ARCHIVE_URL = "tin/{date:%Y}/{date:%m}/{date:%d}/"
DAY_ARCHIVE_SAVE_AS = DAY_ARCHIVE_URL + "index.html"
PROVINCE_URL = "tinh/{slug}/"
PROVINCE_SAVE_AS = PROVINCE_URL + "index.html"
CLUSTER_URL = "cum/{slug}/"
CLUSTER_SAVE_AS = CLUSTER_URL + "index.html"
CENTRAL_URL = "trung-uong/"
CENTRAL_SAVE_AS = CENTRAL_URL + "index.html"

# Drafts and scheduled articles are never written anywhere.
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""
# Scheduling is decided by the content model against SITE_NOW / the build clock.
WITH_FUTURE_DATES = True
# Markdown sources are never published.
OUTPUT_SOURCES = False

# Newest first; articles of the same minute by address (deterministic output).
from content_model.ordering import newest_first_key  # noqa: E402

ARTICLE_ORDER_BY = newest_first_key

DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 50

# Feeds are written by the feeds plugin (feedgen), not by Pelican.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

RELATIVE_URLS = True
CACHE_PATH = str(ROOT / ".cache")
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False

# --- site_pages (theme, province/cluster/central pages) ------------------------
# The "Tỉnh hội" page: every province grouped by cluster, former provinces included.
PROVINCES_URL = "tinh/"
PROVINCES_SAVE_AS = PROVINCES_URL + "index.html"
# Static pages (content/pages/) linked from the main navigation.
SITE_ABOUT_PAGE = "gioi-thieu"
SITE_CONTACT_PAGE = "lien-he"
# Listings paginated by DEFAULT_PAGINATION (None), including the plugin's own pages.
PAGINATED_TEMPLATES = {
    "index": None, "tag": None, "category": None, "author": None,
    "province": None, "cluster": None, "central": None, "period_archives": None,
    "thread": None,
}
# --- end site_pages --------------------------------------------------------------

# --- threads ("Theo dòng sự kiện": thread pages, their feeds, the block under an article) ---
# The registry of threads (slug, title, description, image), in the content folder (so
# it goes with the content it names); the web editor edits it.
THREADS_REGISTRY = "dong-su-kien.yml"
THREAD_URL = "dong-su-kien/{slug}/"
THREAD_SAVE_AS = THREAD_URL + "index.html"
THREADS_URL = "dong-su-kien/"
THREADS_SAVE_AS = THREADS_URL + "index.html"
THREADS_BLOCK_COUNT = 10

# --- feeds (feedgen: RSS 2.0 and Atom, the "RSS" page rss/, OPML) ------------------
FEEDS_MAX_ITEMS = 50
# Feeds need absolute addresses; development builds (relative SITEURL) use this one.
FEEDS_SITEURL = "http://localhost:8000"
# Domain of the permanent item ids (tag: URIs). Never change it once feeds are public.
FEEDS_TAG_AUTHORITY = "khuyenhoc.vn"

# --- search (Pagefind: one index, found with or without tone marks) ---------------
SEARCH_URL = "tim-kiem/"
SEARCH_INDEX = "pagefind"
# Articles changed since that index was built go into a small one the search page
# merges in (plugins/search/layers.py); past 500 pages or a quarter of the site, the
# big index is built again.
SEARCH_LAYER_INDEX = "pagefind-moi"
SEARCH_LAYERS_FILE = "pagefind-moi.json"
SEARCH_LAYER_MAX_PAGES = 500
SEARCH_LAYER_MAX_SHARE = 0.25
# The big indexes are built in shards of at most this many articles, one Pagefind run
# each: Pagefind holds about 190 KiB per article while it indexes (2000 ≈ 370 MiB,
# 10000 ≈ 1.9 GiB), whatever the size of the archive. 3400 keeps Pagefind and the build
# process beside it within 1 GiB at 10,000 articles (docs/benchmarks.md, "Memory"); each shard costs
# readers bytes (one index chunk per word searched per shard: docs/search.md).
SEARCH_SHARD_PAGES = 3400
# The newest articles (those an editor may take back) are the last shard, apart: taking
# one back indexes those 200 again, not a shard of 3,400 (docs/search.md).
SEARCH_RECENT_SHARD_PAGES = 200

# --- sidebars ("Tin mới cập nhật", "Tiêu điểm", the blocks under each article) -----
SIDEBARS_LATEST_COUNT = 10
SIDEBARS_FEATURED_COUNT = 5
SIDEBARS_OTHER_COUNT = 10
SIDEBARS_PROVINCE_COUNT = 5
SIDEBARS_RELATED_COUNT = 5

# --- front_page (lead story, a section per main category, provinces, "Sự kiện qua ảnh") ---
FRONT_PAGE_SECONDARY = 4
# None: the categories in use, the most used first; or names in the order shown.
FRONT_PAGE_SECTIONS = None
FRONT_PAGE_MAX_SECTIONS = 6
FRONT_PAGE_SECTION_ITEMS = 4
FRONT_PAGE_PROVINCE_ITEMS = 6
FRONT_PAGE_GALLERY_ITEMS = 8
# The menu page: the phone menu button's place holds a link to it without JavaScript.
FRONT_PAGE_MENU_URL = "danh-muc/"

# --- groups ("Nhóm tin": the home page's headline slider, a category's lead story) ---
# The editors' file of groups, relative to the content folder (none: no groups).
GROUPS_FILE = "nhom-tin.yml"

# --- calendar_archive (archives in linear time, "Tìm tin theo ngày", "Tra cứu bài viết") ---
# Archive addresses: YEAR_/MONTH_/DAY_ARCHIVE_URL and _SAVE_AS above.
CALENDAR_DATA = "lich/ngay-co-tin.json"
CALENDAR_LOOKUP_URL = "tra-cuu/"
# The "Văn bản" page: every attachment of the published articles (plugins/documents).
DOCUMENTS_URL = "van-ban/"
CALENDAR_LOOKUP_DATA = "lich/bai-viet.json"

# --- cms (the web editor at quan-tri/, Decap CMS: docs/cms.md) ------------------
CMS_URL = "quan-tri/"
# Pinned by package-lock.json (npm ci); hashed as an input, so a new version rebuilds.
CMS_BUNDLE = str(ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js")
# The association's git host (publishconf.py takes it from the environment). On
# http://localhost the editor uses the local proxy of `invoke cms` instead.
CMS_BACKEND = {
    "name": "forgejo",
    "repo": "hoi-khuyen-hoc/trang-tin",
    "branch": "main",
    "base_url": "https://git.khuyenhoc.example.vn",
    "api_root": "https://git.khuyenhoc.example.vn/api/v1",
}
CMS_LOCAL_BACKEND = "http://localhost:8081/api/v1"
# Bản nháp → Đang xét duyệt → Sẵn sàng → Công bố, each entry on a branch until published.
CMS_EDITORIAL_WORKFLOW = True

# --- seo (canonical, Open Graph, JSON-LD, sitemap.xml, robots.txt) --------------
# Absolute address of a development build (publishconf.py sets an absolute SITEURL).
SITE_ABSOLUTE_URL = "http://localhost:8000"
# Robots stay out of the search indexes and the web editor.
SEO_ROBOTS_DISALLOW = ("/pagefind/", "/" + CMS_URL)

# --- redirects (old NukeViet addresses: alias pages, nginx/Apache/_redirects rules) ---
# The old-category map invoke import-nukeviet keeps (relative: beside the content folder).
REDIRECTS_CATEGORY_MAP = "data/nukeviet-categories.yml"
REDIRECTS_ALIAS_URL = "nv/{sid}/"
REDIRECTS_SERVER_FOLDER = "nukeviet"

# Pages are rendered by this many processes (0 = one per core, 1 = this one only), fewer
# when that many would not fit in SITE_MEMORY_MIB (each holds about the whole site).
RENDER_PROCESSES = 0
SITE_MEMORY_MIB = 1024
# Articles are read (front matter checked, Markdown converted) by this many processes.
CONTENT_READ_PROCESSES = 0
# A content file larger than this is a content error (a pasted scan, a wrong file).
CONTENT_MAX_FILE_BYTES = 2 * 1024 * 1024
# The longest a body's conversion to HTML may take (malformed bodies can take hours).
CONTENT_MAX_CONVERT_SECONDS = 30

# --- images (Pillow: oriented, metadata-free, responsive, cached) -----------------
IMAGES_WIDTHS = (320, 640, 1024, 1600)
IMAGES_THUMB_WIDTHS = (160, 320)
IMAGES_JPEG_QUALITY = 80
IMAGES_WEBP_QUALITY = 75
IMAGES_MAX_PIXELS = 50_000_000
IMAGES_WORKERS = 0  # one process per core

# --- article_tools ("Bản để in", "Lưu dạng file", e-mail, Facebook/Zalo, "Xem hình") ---
# "Lưu dạng file": each article also as one self-contained HTML file in its folder.
ARTICLE_TOOLS_SAVE_FILE = True
ARTICLE_TOOLS_SAVE_NAME = "bai-viet.html"
ARTICLE_TOOLS_SAVE_IMAGE_WIDTH = 1024  # widest derived image inlined, in pixels

# --- bylines (authors' profiles, news sources, external-link articles) ---------------
# Registries edited with the content (paths from the content folder): docs/huong-dan-bien-tap.md §4.
BYLINES_AUTHORS = "data/tac-gia.yml"
BYLINES_SOURCES = "data/nguon-tin.yml"

# --- categories (several categories per article, each category's landing) ----------
# Description and layout (list or grid) per category, from the content folder.
CATEGORIES_REGISTRY = "data/chuyen-muc.yml"
# The "Mới" badge on a category listing's articles younger than this many days (0: none).
CATEGORIES_NEW_DAYS = 3

# The association's logo on derived photo copies (plugins/images/watermark.py): off. When
# on, every copy at least IMAGES_WATERMARK_MIN_WIDTH px wide carries it (never the
# original); changing any of these derives the photos anew.
IMAGES_WATERMARK = False
IMAGES_WATERMARK_LOGO = str(ROOT / "theme" / "static" / "images" / "icon-512.png")
IMAGES_WATERMARK_CORNER = "bottom-right"  # top-left, top-right, bottom-left, bottom-right
IMAGES_WATERMARK_WIDTH = 0.15  # of the copy's width
IMAGES_WATERMARK_OPACITY = 0.6
IMAGES_WATERMARK_MARGIN = 0.03  # of the copy's width, from the edges
IMAGES_WATERMARK_MIN_WIDTH = 320  # narrower copies (small thumbnails) stay unmarked
