import pytest

from search.folding import fold


@pytest.mark.parametrize("text, folded", [
    ("Khuyến học", "khuyen hoc"),
    ("Đông Bắc", "dong bac"),
    ("đường Đê", "duong de"),
    ("Thừa Thiên Huế", "thua thien hue"),
    ("Hoà Bình", "hoa binh"),
    ("Hòa Bình", "hoa binh"),
    ("Quảng Trị", "quang tri"),
])
def test_fold(text, folded):
    assert fold(text) == folded


def test_decomposed_input_folds_the_same():
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Khuyến học")) == "khuyen hoc"


def test_only_article_pages_are_given_to_pagefind():
    from search.search import article_glob

    assert article_glob("tin/{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html") == "tin/*/*/*/*/index.html"
    assert article_glob("{slug}.html") == "*.html"
