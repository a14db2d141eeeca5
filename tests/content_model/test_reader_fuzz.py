"""Fuzz: any front matter and Markdown ends in a page or in clear content errors."""

from __future__ import annotations

import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pelican.settings import DEFAULT_CONFIG

from content_model.frontmatter import KNOWN_FIELDS
from content_model.reader import FrontMatterMarkdownReader
from sitecore.errors import ContentError
from sitecore.report import BUILD_SESSION_KEY, BuildSession

ROOT = Path(__file__).resolve().parents[2]

keys = st.one_of(st.sampled_from(KNOWN_FIELDS), st.text(string.ascii_letters + "_đ", min_size=1, max_size=8))
scalars = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["15/07/2024", "2024-07-15 09:30", "31/02/2020", "23/05/2018 3:22:03 SA", "true", "draft",
                     "Yên Bái", "[a, b]", '"x: y"', "'", "{", "- a", "images/x.jpg", "../../../etc/passwd"]),
    st.integers(), st.booleans(),
)
lines = st.lists(st.tuples(keys, scalars).map(lambda kv: f"{kv[0]}: {kv[1]}"), max_size=10)
bodies = st.text(max_size=200) | st.sampled_from(["![a](x.jpg \"c\")", "<script>x</script>", "# T\n\n* a"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=lines, body=bodies, fence=st.booleans())
def test_reader_never_raises(tmp_path, header, body, fence):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True, exist_ok=True)
    source = content / "articles" / "fuzz.md"
    text = ("---\n" if fence else "") + "\n".join(header) + "\n---\n" + body
    source.write_text(text, encoding="utf-8", errors="surrogatepass")
    conf = dict(DEFAULT_CONFIG, PATH=str(content), SITE_NOW="2026-11-01T12:00:00+07:00")
    session = BuildSession()
    conf[BUILD_SESSION_KEY] = session
    html, meta = FrontMatterMarkdownReader(conf).read(str(source))
    if meta.get("status") == "skip":
        assert session.report.has_errors()
        for problem in session.report.errors:
            assert isinstance(problem, ContentError)
            assert problem.format().startswith(f"{source}:")
    else:
        assert not session.report.has_errors()
        assert meta["title"] and isinstance(html, str)
