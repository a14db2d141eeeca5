"""An article's permanent feed id (plugins/feeds/feeds.py: article_guid)."""

from types import SimpleNamespace

import pytest

from feeds.feeds import article_guid


def article(source="content/articles/2024/2024-07-15-trao-hoc-bong.md", **metadata):
    return SimpleNamespace(source_path=source, metadata=metadata)


@pytest.mark.parametrize(
    "given, expected",
    [
        (None, "tag:khuyenhoc.vn,2008:bai/2024-07-15-trao-hoc-bong"),
        ("", "tag:khuyenhoc.vn,2008:bai/2024-07-15-trao-hoc-bong"),
        # the editors' guide form: a bare name, e.g. the file's old name
        ("trao-hoc-bong-yen-bai-2024", "tag:khuyenhoc.vn,2008:bai/trao-hoc-bong-yen-bai-2024"),
        ("2024-07-15-ten-cu.md", "tag:khuyenhoc.vn,2008:bai/2024-07-15-ten-cu"),
        (" tên  cũ ", "tag:khuyenhoc.vn,2008:bai/tên-cũ"),
        # a full URI is kept as written
        ("tag:khuyenhoc.vn,2008:bai/ten-cu", "tag:khuyenhoc.vn,2008:bai/ten-cu"),
        ("urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427", "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"),
    ],
)
def test_article_guid(given, expected):
    assert article_guid(article(**({} if given is None else {"id": given})), "khuyenhoc.vn") == expected


def test_renamed_file_keeps_its_id_with_the_old_name():
    before = article_guid(article("content/articles/2024-07-15-trao-hoc-bong.md"), "khuyenhoc.vn")
    after = article_guid(article("content/articles/hoc-bong-he.md", id="2024-07-15-trao-hoc-bong"), "khuyenhoc.vn")
    assert before == after
