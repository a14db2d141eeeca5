"""Property: whatever editors write, a build publishes every article it was given or fails
with content errors naming files; it never leaves a traceback and never writes outside its
output folder.

Each example is a real ``pelican`` build of a few articles whose fields and bodies are
drawn from valid values, hostile values and random text. An article carries a unique
token at the top of its body, so its page can be found whatever its title or address.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Site

# Values each field may take: valid ones, and the kinds of mistake and attack a hostile
# review tried (YAML 1.1 coercions, impossible dates, aliases, nesting, empty slugs).
TITLES = st.one_of(
    st.text(min_size=1, max_size=20),
    st.sampled_from(["Hội nghị tổng kết năm", "12:30", "010", "Yes", "???", "🎓🎓", "null", "~",
                     '"Hội nghị: tổng kết"', "Hội nghị: tổng kết", "[a, [b]]", "&a x", "*a", "2024-07-15",
                     "Tin tìm kiếm", "RSS", "Tin", "<script>alert(1)</script>"]),
)
DATES = st.sampled_from(["2024-07-15 09:30", "15/07/2024", "15/07/2024 09:30", "2024-02-30", "2024-06-31",
                         "2024-07-15 24:00", "0001-01-01", "1800-01-01", "31/02/2020", "hôm qua", "[2024]"])
# (value, whether an article with it is meant to be published when the build succeeds)
STATUSES = st.sampled_from([(None, True), ("published", True), ("draft", False), ("nháp", True),
                            ("publish", True), ("Yes", True)])
EXTRA_LINES = st.lists(st.sampled_from([
    "stauts: draft", "trạng thái: draft", "tỉnh: Yên Bái", "provice: Yên Bái", "xyz: 1",
    "province: Yên Bái", "province: Thai Binhh", "tags: [a, [b, [c]]]", "summary: <img src=x onerror=alert(1)>",
    "slug: tim-kiem", "slug: tin", "slug: '???'", "featured: Yes", "modified: 2024-07-32",
    "image: ../../../etc/passwd", "a: &a [x, x, x]\nb: &b [*a, *a, *a]",
]), max_size=3, unique=True)
BODIES = st.one_of(
    st.text(max_size=120),
    st.sampled_from(["![ảnh](../../../etc/passwd)", "[tệp]({static}/../../../etc/passwd)", "<script>x</script>",
                     '<a href="javascript:alert(1)">x</a>', "# Tiêu đề\n\n* a\n* b", "<!--", "```"]),
)
ARTICLE = st.fixed_dictionaries({
    "title": TITLES, "date": DATES, "status": STATUSES, "extra": EXTRA_LINES, "body": BODIES,
})


def _quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar, or as written when the example wants the
    raw text (the hostile values above are raw on purpose half the time)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _write(site: Site, index: int, article: dict, raw: bool) -> str:
    token = f"MAKIEMTRA{index}QZX"
    status, _ = article["status"]
    title = article["title"] if raw else _quoted(article["title"])
    lines = [f"title: {title}", f"date: {article['date']}", "author: Minh Trang", "category: Hoạt động Hội",
             *( [f"status: {status}"] if status is not None else []), *article["extra"]]
    site.write(f"articles/bai-{index}.md", "---\n" + "\n".join(lines) + f"\n---\n{token}\n\n{article['body']}\n")
    return token


def _tree(root: Path) -> dict[str, int]:
    found = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            found[path.relative_to(root).as_posix()] = path.stat().st_size
    return found


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(articles=st.lists(ARTICLE, min_size=1, max_size=3), raw=st.booleans())
def test_a_build_publishes_every_article_or_names_the_files_it_refuses(tmp_path_factory, articles, raw):
    site = Site(tmp_path_factory.mktemp("prop"))
    tokens = [(_write(site, i, a, raw), a["status"][1]) for i, a in enumerate(articles)]
    content_before = _tree(site.content)
    result = site.build("-e", "SITE_SKIP_UNCHANGED=false")

    assert "Traceback" not in result.stderr, result.stderr
    # Nothing outside the output folder: the content is untouched and the only other
    # entries of the root are the cache and the build's own working folders beside it.
    assert _tree(site.content) == content_before
    others = {p.name for p in site.root.iterdir()} - {"content", "output", "cache"}
    assert all(name.startswith(".output.") for name in others), others

    if result.returncode == 0:
        pages = [p.read_text(encoding="utf-8") for p in (site.output / "tin").rglob("index.html")]
        for token, published in tokens:
            if published:
                assert any(token in page for page in pages), (token, result.stderr)
    else:
        assert result.returncode == 1, result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith(str(site.content))]
        assert errors, result.stderr
        # A failed first build publishes nothing.
        assert not site.output.exists() or not any(site.output.iterdir())
