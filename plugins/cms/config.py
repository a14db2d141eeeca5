"""The web editor's configuration (Decap CMS ``config.yml``), made from the project's
own sources so it cannot drift from them (pure: never imports Pelican).

* the fields: every key the reader accepts (``content_model.frontmatter.KNOWN_FIELDS``),
  in its order, each with the form of :mod:`.fields`; the reader's required keys are
  required here;
* ``province`` and ``cluster``: the registry (``data/provinces.yml``), current units
  first, then the former ones (for articles dated before the merger);
* ``category``: the categories in use;
* the editorial workflow (Bản nháp → Đang xét duyệt → Sẵn sàng → Công bố): an entry lives on a
  branch of its own until it is published, so nothing of it reaches ``main`` (and the
  site) before; once published, the ``status`` field says whether readers see it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from content_model.frontmatter import ARTICLE_REQUIRED, KNOWN_FIELDS, PAGE_REQUIRED
from provinces.registry import Province, Registry
from sitecore.errors import ConfigError

from .fields import BODY, FORMS, PAGE_KEYS

# Photos go where the editors' guide puts them (content/images/<year>/), attachments
# into content/files/ (the only folder the attachments plugin publishes from).
IMAGES_FOLDER = "content/images"
FILES_FOLDER = "content/files"


# Photos of an article into content/images/<year>/ (year of the article's date).
PHOTO_FOLDERS = {"media_folder": f"/{IMAGES_FOLDER}/{{{{year}}}}", "public_folder": "/images/{{year}}"}
# Files chosen inside the body's components (the "Tệp đính kèm" button, photos in the
# text) go where the collection says: Decap 3.16 looks a component's own media_folder
# up among the collection's fields and falls back to the collection's. They go to
# content/files/, the one folder attachments are published from; a photo there is
# published as derived copies like any other (tests/cms/test_editor_browser.py).
FILE_FOLDERS = {"media_folder": f"/{FILES_FOLDER}", "public_folder": "/files"}
# How an articles collection (all of them, or a province's folder) names and writes its
# files: where `invoke new` puts an article, <năm>/<yyyy-mm-dd>-<slug>.md.
ARTICLE_FILES = {
    "create": True,
    "extension": "md",
    "format": "yaml-frontmatter",
    "path": "{{year}}/{{year}}-{{month}}-{{day}}-{{slug}}",
    "slug": "{{title}}",
    "summary": "{{title}} — {{date}}",
    **FILE_FOLDERS,
}


@dataclass(frozen=True, slots=True)
class Backend:
    """Where the editor reads and commits: Decap's ``backend`` mapping as given in the
    settings (``CMS_BACKEND``), and the local proxy's address for ``invoke cms``."""

    backend: Mapping[str, Any]
    local_url: str = ""
    editorial_workflow: bool = True


def province_options(registry: Registry) -> list[dict[str, str]]:
    """Current units (by the registry's order), then former ones, labelled with their
    successor: the value is the name the reader looks up."""
    options = [{"label": p.name, "value": p.name} for p in registry.current_units()]
    for p in registry.former_units():
        successor = registry.successor(p).name
        options.append({"label": f"{p.name} (tỉnh cũ, trước {registry.merger_date:%d/%m/%Y}; nay thuộc {successor})",
                        "value": p.name})
    return options


def cluster_options(registry: Registry) -> list[dict[str, str]]:
    return [{"label": c.full_name, "value": c.name} for c in registry.clusters.values()]


def _field(key: str, required: Iterable[str], options: Mapping[str, list]) -> dict[str, Any]:
    try:
        form = copy.deepcopy(FORMS[key])
    except KeyError:
        raise ConfigError(
            f'cms: trường "{key}" của trình đọc bài chưa có ô nhập trong trình biên tập web. '
            "Thêm nó vào FORMS trong plugins/cms/fields.py."
        ) from None
    field: dict[str, Any] = {"name": key, **form, "required": key in required}
    if key in options:
        field["options"] = options[key]
        field["multiple"] = False
    if key == "image":
        field.update(PHOTO_FOLDERS)
    return field


def thread_options(threads: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    """(slug, title) of each thread in the registry's order: the title shown, the slug
    written (the reader takes either; the slug stays right if a title is reworded)."""
    return [{"label": title, "value": slug} for slug, title in threads]


def threads_collection(threads_file: str) -> dict[str, Any]:
    """The registry of threads (``content/dong-su-kien.yml``) as one entry of a list."""
    return {
        "name": "threads",
        "label": "Dòng sự kiện",
        "description": "Các sự kiện theo dõi qua nhiều bài (đại hội, cứu trợ lũ lụt...); bài viết chọn "
                       "dòng sự kiện ở ô \"Theo dòng sự kiện\".",
        "files": [{
            "name": "dong-su-kien",
            "label": "Danh sách dòng sự kiện",
            "file": threads_file,
            "fields": [{
                "name": "threads", "label": "Dòng sự kiện", "label_singular": "dòng sự kiện", "widget": "list",
                "summary": "{{fields.title}}",
                "fields": [
                    {"name": "slug", "label": "Địa chỉ (slug)", "widget": "string", "required": False,
                     "hint": "Chữ thường không dấu nối bằng dấu -, ví dụ dai-hoi-vi. Để trống: lấy từ tiêu đề. "
                             "Không đổi sau khi đã có bài."},
                    {"name": "title", "label": "Tiêu đề", "widget": "string",
                     "hint": "Tên sự kiện, ví dụ: Đại hội Hội Khuyến học Việt Nam lần thứ VI."},
                    {"name": "description", "label": "Mô tả", "widget": "text", "required": False,
                     "hint": "Một hai câu giới thiệu, hiện ở đầu trang dòng sự kiện."},
                    {"name": "image", "label": "Ảnh", "widget": "image", "required": False, "choose_url": False,
                     "hint": "Ảnh JPEG hoặc PNG, hiện ở đầu trang dòng sự kiện."},
                ],
            }],
        }],
    }


def article_fields(registry: Registry, categories: Iterable[str],
                   threads: Iterable[tuple[str, str]] = ()) -> list[dict[str, Any]]:
    """Every field the reader accepts, in its order, then the body."""
    options = {
        "province": province_options(registry),
        "cluster": cluster_options(registry),
    }
    if categories:
        options["category"] = [{"label": c, "value": c} for c in categories]
        options["also_in"] = options["category"]
    threads = list(threads)
    if threads:
        options["thread"] = thread_options(threads)
    fields = [_field(k, ARTICLE_REQUIRED, options) for k in KNOWN_FIELDS] + [dict(BODY)]
    further = next(f for f in fields if f["name"] == "also_in")
    if categories:
        further["multiple"] = True  # several further categories (a YAML list)
    else:
        further.update(widget="list", hint="Tên các chuyên mục khác cũng liệt kê bài này; thường để trống.")
    if not threads:
        thread = next(f for f in fields if f["name"] == "thread")
        thread.update(widget="string", hint="Chưa có dòng sự kiện nào: thêm ở mục \"Dòng sự kiện\" rồi ghi "
                                            "slug của nó ở đây.")
    if not categories:
        # A new site: nothing to choose from yet, so the editor types the first one.
        category = next(f for f in fields if f["name"] == "category")
        category.update(widget="string", hint="Chưa có chuyên mục nào trên trang: gõ tên chuyên mục, ví dụ Hoạt động Hội.")
    return fields



def page_fields() -> list[dict[str, Any]]:
    return [_field(k, PAGE_REQUIRED, {}) for k in PAGE_KEYS] + [dict(BODY)]


def groups_collection(categories: Iterable[str], groups_file: str) -> dict[str, Any]:
    """The file of groups (plugins/groups: "Nhóm tin", a category's "Tin nổi bật") as one
    entry: a list of groups, each with its articles in a list an editor reorders by
    dragging. Articles are named by the address a reader's browser shows (pasted), the
    form the build checks and explains when it names no published article."""
    category: dict[str, Any] = {"name": "category", "label": "Chuyên mục (khi hiện ở chuyên mục)", "required": False,
                                "hint": "Chỉ chọn khi \"Hiện ở đâu\" là tin nổi bật đầu chuyên mục."}
    names = list(categories)
    if names:
        category.update(widget="select", options=[{"label": c, "value": c} for c in names], multiple=False)
    else:
        category.update(widget="string")
    return {
        "name": "groups",
        "label": "Nhóm tin",
        "description": "Tin nổi bật đầu trang chủ và tin chính đầu mỗi chuyên mục, theo thứ tự biên tập viên xếp.",
        "files": [{
            "name": "nhom-tin",
            "label": "Nhóm tin và tin nổi bật",
            "file": groups_file,
            "fields": [{
                "name": "groups", "label": "Các nhóm", "label_singular": "nhóm", "widget": "list",
                "summary": "{{fields.title}} — {{fields.show}} {{fields.category}}",
                "fields": [
                    {"name": "slug", "label": "Mã nhóm (slug)", "widget": "string",
                     "pattern": [r"^[a-z0-9]+(-[a-z0-9]+)*$", "chữ thường không dấu, chữ số và dấu gạch nối"],
                     "hint": "Ví dụ tin-noi-bat. Chữ thường không dấu, nối bằng dấu gạch nối."},
                    {"name": "title", "label": "Tên nhóm trên trang", "widget": "string",
                     "hint": "Hiện phía trên dãy tin đầu trang chủ, ví dụ Tin nổi bật."},
                    {"name": "show", "label": "Hiện ở đâu", "widget": "select", "multiple": False,
                     "options": [{"label": "Đầu trang chủ (dãy tin chạy ngang)", "value": "trang-chu"},
                                 {"label": "Tin nổi bật đầu một chuyên mục (bài đầu tiên)", "value": "chuyen-muc"}]},
                    category,
                    {"name": "articles", "label": "Các bài, theo thứ tự hiện", "label_singular": "bài",
                     "widget": "list", "field": {"name": "article", "label": "Địa chỉ bài", "widget": "string"},
                     "hint": "Mỗi dòng một bài: dán địa chỉ bài (mở bài trên trang, chép địa chỉ trên thanh địa "
                             "chỉ). Kéo để đổi thứ tự. Bài nháp hoặc địa chỉ sai: trang báo lỗi và chỉ cách sửa."},
                ],
            }],
        }],
    }


def province_collection(registry: Registry, unit: Province, categories: Iterable[str],
                        threads: Iterable[tuple[str, str]] = ()) -> dict[str, Any]:
    """A province's folder (``content/articles/<slug>/``, which its reviewers own:
    ``provinces.codeowners``) as a collection of its own: its articles are listed and
    written there (``<năm>/<yyyy-mm-dd>-<slug>.md``), the province field offers the
    unit and the former units merged into it, the unit first."""
    fields = article_fields(registry, categories, threads)
    province = next(f for f in fields if f["name"] == "province")
    units = [unit, *registry.predecessors(unit)] if unit.is_current else [unit]
    province["options"] = [{"label": p.name, "value": p.name} for p in units]
    province.update(required=True, default=unit.name,
                    hint=f"Bài trong thư mục của {unit.full_name}: chọn {unit.name}"
                         + (" (hoặc tỉnh cũ cho bài trước 01/07/2025)." if len(units) > 1 else "."))
    return {
        "name": f"tinh-{unit.slug}",
        "label": f"Bài {unit.full_name}",
        "label_singular": "bài viết",
        "description": f"Bài của tỉnh hội {unit.name}: người duyệt của tỉnh hoặc của Trung ương Hội duyệt.",
        "folder": f"content/articles/{unit.slug}",
        **ARTICLE_FILES,
        "sortable_fields": ["date", "title", "category"],
        "fields": fields,
    }


def make_config(registry: Registry, categories: Iterable[str], backend: Backend, site_url: str,
                groups_file: str = "content/nhom-tin.yml", province_folders: Iterable[Province] = (),
                threads: Iterable[tuple[str, str]] = (), threads_file: str = "") -> dict[str, Any]:
    """The whole ``config.yml`` as a mapping. ``province_folders``: the units whose
    folder under ``content/articles/`` exists, each a collection of its own;
    ``threads``: (slug, title) of each thread, ``threads_file``: the registry's path in
    the repository (its form; none without)."""
    threads = list(threads)
    categories = sorted(set(categories), key=str.casefold)
    config: dict[str, Any] = {
        "backend": dict(backend.backend),
        "locale": "vi",
        "site_url": site_url,
        "display_url": site_url,
        "media_folder": f"{IMAGES_FOLDER}/uploads",
        "public_folder": "/images/uploads",
        # File names without tone marks or spaces: addresses readers can type and share.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                "name": "articles",
                "label": "Bài viết",
                "label_singular": "bài viết",
                "description": "Tin và bài của Trung ương Hội và các tỉnh hội.",
                "folder": "content/articles",
                **ARTICLE_FILES,
                "sortable_fields": ["date", "title", "province", "category"],
                "view_filters": [
                    {"label": "Đang đăng", "field": "status", "pattern": "published"},
                    {"label": "Nháp (không đăng)", "field": "status", "pattern": "draft"},
                    {"label": "Tiêu điểm", "field": "featured", "pattern": True},
                ],
                "view_groups": [{"label": "Năm", "field": "date", "pattern": r"\d{4}"}],
                "fields": article_fields(registry, categories, threads),
            },
            {
                "name": "pages",
                "label": "Trang tĩnh",
                "label_singular": "trang",
                "description": "Giới thiệu, Liên hệ và các trang không theo ngày.",
                "folder": "content/pages",
                "create": True,
                "extension": "md",
                "format": "yaml-frontmatter",
                "slug": "{{title}}",
                **FILE_FOLDERS,
                "fields": page_fields(),
            },
            groups_collection(categories, groups_file),
        ],
    }
    at = 1  # after "Bài viết"
    for unit in province_folders:
        config["collections"].insert(at, province_collection(registry, unit, categories, threads))
        at += 1
    if threads_file:
        config["collections"].append(threads_collection(threads_file))
    if backend.editorial_workflow:
        config["publish_mode"] = "editorial_workflow"
    if backend.local_url:
        config["local_backend"] = {"url": backend.local_url}
    return config


def config_yaml(config: Mapping[str, Any]) -> bytes:
    """YAML for the CMS (block style, Unicode kept, keys in the order made)."""
    return yaml.safe_dump(dict(config), allow_unicode=True, sort_keys=False, width=1000).encode("utf-8")
