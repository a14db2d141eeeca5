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


def test_the_indexed_part_of_a_page_is_its_search_body_with_language_and_title():
    from search.search import indexed_part

    page = ('<!DOCTYPE html><html lang="vi" class="x"><head><title>Tin – Hội</title>'
            '<link rel="stylesheet" href="a.css"></head><body><nav>menu</nav><main>'
            '<article class="article" data-pagefind-body><h1>Tin</h1><article>trong</article>'
            '<p>Thân bài</p></article><aside>Tin khác</aside></main></body></html>').encode()
    assert indexed_part(page) == (
        '<!DOCTYPE html><html lang="vi" class="x"><head><meta charset="utf-8"><title>Tin – Hội</title>'
        '</head><body><article class="article" data-pagefind-body><h1>Tin</h1><article>trong</article>'
        '<p>Thân bài</p></article></body></html>').encode()
    assert indexed_part(b"<html><body><p>no body</p></body></html>") is None
    assert indexed_part(b"<html><body><div data-pagefind-body><p>never closed</p></body></html>") is None
