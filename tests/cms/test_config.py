"""The web editor's configuration is made from the project's sources: every field the
reader accepts, every province and cluster of the registry, the categories in use; and
its settings are checked with Vietnamese messages."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import yaml

from cms.cms import CmsSettings, policy
from cms.config import Backend, _field, article_fields, make_config
from cms.fields import FORMS
from groups.model import GROUP_KEYS
from content_model.frontmatter import ARTICLE_REQUIRED, KNOWN_FIELDS
from provinces.registry import Registry
from sitecore.errors import ConfigError

from tests.conftest import ROOT

REGISTRY = Registry.load(ROOT / "data" / "provinces.yml")
BACKEND = Backend({"name": "forgejo", "repo": "hoi/trang-tin", "base_url": "https://git.example.vn"})


def config(categories=("Hoạt động Hội", "Gương sáng")) -> dict:
    return make_config(REGISTRY, categories, BACKEND, "https://khuyenhoc.example.vn")


def fields_of(conf: dict, collection: str) -> dict[str, dict]:
    (found,) = [c for c in conf["collections"] if c["name"] == collection]
    return {f["name"]: f for f in found["fields"]}


def test_every_field_the_reader_accepts_is_in_the_form_in_its_order():
    fields = fields_of(config(), "articles")
    assert list(fields) == [*KNOWN_FIELDS, "body"]
    assert {k for k, f in fields.items() if f.get("required")} == set(ARTICLE_REQUIRED)
    assert all(f["label"] for f in fields.values())
    assert all(f.get("hint") for k, f in fields.items() if f["widget"] != "hidden")


def test_every_province_of_the_registry_is_in_the_select_current_units_first():
    province = fields_of(config(), "articles")["province"]
    values = [o["value"] for o in province["options"]]
    assert sorted(values) == sorted(p.name for p in REGISTRY)
    assert len(values) == len(REGISTRY) == 63
    assert values[:34] == [p.name for p in REGISTRY.current_units()]
    yen_bai = next(o for o in province["options"] if o["value"] == "Yên Bái")
    assert yen_bai["label"] == "Yên Bái (tỉnh cũ, trước 01/07/2025; nay thuộc Lào Cai)"
    assert province["widget"] == "select" and province["required"] is False


def test_every_cluster_of_the_registry_is_in_its_select():
    cluster = fields_of(config(), "articles")["cluster"]
    assert [o["value"] for o in cluster["options"]] == [c.name for c in REGISTRY.clusters.values()]
    assert {o["label"] for o in cluster["options"]} == {c.full_name for c in REGISTRY.clusters.values()}


def test_the_category_select_offers_the_categories_in_use():
    category = fields_of(config(["Gương sáng", "Hoạt động Hội", "Gương sáng"]), "articles")["category"]
    assert category["options"] == [{"label": "Gương sáng", "value": "Gương sáng"},
                                   {"label": "Hoạt động Hội", "value": "Hoạt động Hội"}]
    # A new site, nothing published yet: the first category is typed.
    first = fields_of(config([]), "articles")["category"]
    assert first["widget"] == "string" and "options" not in first and first["required"] is True


def test_dates_are_written_in_a_form_the_reader_accepts_and_photos_go_to_the_year_folder():
    fields = fields_of(config(), "articles")
    assert fields["date"]["format"] == "YYYY-MM-DD HH:mm"
    assert fields["featured_until"]["format"] == "YYYY-MM-DD"
    assert fields["image"]["media_folder"] == "/content/images/{{year}}"
    assert fields["image"]["public_folder"] == "/images/{{year}}"
    (articles,) = [c for c in config()["collections"] if c["name"] == "articles"]
    # What the body's components upload (attachments, photos in the text): content/files/.
    assert (articles["media_folder"], articles["public_folder"]) == ("/content/files", "/files")
    assert [o["value"] for o in fields["status"]["options"]] == ["published", "draft"]


def test_the_editorial_workflow_and_the_local_backend_are_set_from_the_settings():
    conf = make_config(REGISTRY, ["A"], Backend({"name": "github", "repo": "a/b"}, "http://localhost:8081/api/v1"), "x")
    assert conf["publish_mode"] == "editorial_workflow"
    assert conf["local_backend"] == {"url": "http://localhost:8081/api/v1"}
    plain = make_config(REGISTRY, ["A"], Backend({"name": "github", "repo": "a/b"}, "", False), "x")
    assert "publish_mode" not in plain and "local_backend" not in plain


def test_a_reader_field_without_a_form_stops_the_build_with_the_fix():
    assert set(FORMS) == set(KNOWN_FIELDS)
    with pytest.raises(ConfigError) as error:
        _field("subtitle", (), {})
    assert str(error.value) == ('cms: trường "subtitle" của trình đọc bài chưa có ô nhập trong trình biên tập web. '
                                "Thêm nó vào FORMS trong plugins/cms/fields.py.")


def test_article_fields_hold_no_shared_state_between_calls():
    first = article_fields(REGISTRY, ["A"])
    first[0]["label"] = "changed"
    assert article_fields(REGISTRY, ["A"])[0]["label"] == "Tiêu đề"


BUNDLE = str(ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js")


@pytest.mark.parametrize(("settings", "message"), [
    ({"CMS_URL": "/quan-tri"}, 'CMS_URL "/quan-tri": viết một thư mục không có "/" đầu và có "/" cuối, ví dụ quan-tri/'),
    ({"CMS_BACKEND": {"name": "github"}}, "CMS_BACKEND {'name': 'github'}: cần ít nhất name và repo"),
    ({"CMS_BACKEND": {"name": "gitea", "repo": "a/b"}},
     'CMS_BACKEND name "gitea": backend gitea của Decap không có quy trình duyệt bài. Dùng "name": "forgejo"'),
    ({"CMS_BUNDLE": "/nowhere/decap-cms.js"}, "CMS_BUNDLE: không có /nowhere/decap-cms.js. Cài các gói npm đã ghim"),
])
def test_bad_settings_are_named_with_their_fix(settings, message):
    base = {"CMS_BACKEND": {"name": "forgejo", "repo": "a/b"}, "CMS_BUNDLE": BUNDLE}
    with pytest.raises(ConfigError) as error:
        CmsSettings.from_pelican({**base, **settings})
    assert str(error.value).startswith(message)


def test_the_policy_lets_the_cms_reach_its_git_host_and_nothing_else():
    settings = CmsSettings.from_pelican({
        "CMS_BACKEND": {"name": "forgejo", "repo": "a/b", "base_url": "https://git.example.vn",
                        "api_root": "https://git.example.vn/api/v1"},
        "CMS_LOCAL_BACKEND": "http://localhost:8081/api/v1", "CMS_BUNDLE": BUNDLE})
    text = policy(settings)
    assert "connect-src 'self' blob: https://git.example.vn http://localhost:8081;" in text
    assert "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval';" in text
    assert "'unsafe-inline'" not in text.split("script-src", 1)[1].split(";", 1)[0]
    github = policy(CmsSettings.from_pelican({"CMS_BACKEND": {"name": "github", "repo": "a/b"}, "CMS_BUNDLE": BUNDLE}))
    assert "connect-src 'self' blob: https://api.github.com;" in github


def test_the_built_site_has_the_editor_and_nothing_of_it_elsewhere(sample_build):
    out: Path = sample_build.output
    page = (out / "quan-tri" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'" in html.unescape(page)
    assert "<script>" not in page and "data-pagefind-body" not in page
    for name in ("decap-cms.js", "khoi-dong.js", "dang-ky.js", "config.yml"):
        assert (out / "quan-tri" / name).is_file()
    assert not list((out / "quan-tri").glob("*.map"))
    conf = yaml.safe_load((out / "quan-tri" / "config.yml").read_text(encoding="utf-8"))
    in_use = sorted({line.split(":", 1)[1].strip() for p in (ROOT / "content" / "articles").rglob("*.md")
                     for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("category:")},
                    key=str.casefold)
    assert [o["value"] for o in fields_of(conf, "articles")["category"]["options"]] == in_use
    assert "Disallow: /quan-tri/" in (out / "robots.txt").read_text(encoding="utf-8")
    # Sitemap, feeds, listings, search: no page of the site names the editor.
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".opml") and "quan-tri" not in path.parts:
            assert "quan-tri" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_the_groups_file_is_one_entry_whose_articles_are_an_ordered_list():
    (groups,) = [c for c in config()["collections"] if c["name"] == "groups"]
    (entry,) = groups["files"]
    assert entry["file"] == "content/nhom-tin.yml"
    (field,) = entry["fields"]
    inner = {f["name"]: f for f in field["fields"]}
    assert tuple(inner) == GROUP_KEYS  # the keys plugins/groups reads
    assert [o["value"] for o in inner["show"]["options"]] == ["trang-chu", "chuyen-muc"]
    assert [o["value"] for o in inner["category"]["options"]] == ["Gương sáng", "Hoạt động Hội"]
    assert inner["articles"]["widget"] == "list" and inner["articles"]["field"]["widget"] == "string"
    assert all(f["label"] for f in inner.values())


def test_a_province_folder_is_a_collection_of_its_own_offering_its_unit_and_former_ones():
    lao_cai = REGISTRY.provinces["lao-cai"]
    conf = make_config(REGISTRY, ["Hoạt động Hội"], BACKEND, "https://khuyenhoc.example.vn",
                       province_folders=[lao_cai])
    names = [c["name"] for c in conf["collections"]]
    assert names == ["articles", "tinh-lao-cai", "pages", "groups"]
    (unit,) = [c for c in conf["collections"] if c["name"] == "tinh-lao-cai"]
    assert unit["folder"] == "content/articles/lao-cai" and unit["label"] == "Bài tỉnh Lào Cai"
    province = next(f for f in unit["fields"] if f["name"] == "province")
    assert [o["value"] for o in province["options"]] == ["Lào Cai", "Yên Bái"]
    assert province["default"] == "Lào Cai" and province["required"] is True
