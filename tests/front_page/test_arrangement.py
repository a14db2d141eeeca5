"""The front page's rules on plain values (front_page.arrangement)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from front_page.arrangement import Layout, arrange, gallery_of, lead_of, main_sections


@dataclass(frozen=True)
class Story:
    name: str
    section: str = "a"
    featured: bool = False
    photo: str | None = None
    province: bool = False


def names(stories) -> list[str]:
    return [s.name for s in stories]


def featured(s: Story) -> bool:
    return s.featured


def photo(s: Story) -> str | None:
    return s.photo


@pytest.mark.parametrize(("stories", "expected"), [
    ([], None),
    ([Story("1"), Story("2")], "1"),  # nothing featured, no photo: the newest
    ([Story("1"), Story("2", photo="p.jpg")], "2"),  # nothing featured: the newest with a photo
    ([Story("1", photo="p.jpg"), Story("2", featured=True)], "2"),  # featured wins, even without a photo
    ([Story("1", featured=True), Story("2", featured=True, photo="p.jpg")], "1"),  # the newest featured
])
def test_lead_is_the_newest_featured_else_the_newest_with_a_photo(stories, expected):
    lead = lead_of(stories, featured, photo)
    assert (lead.name if lead else None) == expected


@pytest.mark.parametrize(("counts", "limit", "chosen", "expected"), [
    ({"b": 3, "a": 3, "c": 5, "d": 0}, 6, None, ["c", "a", "b"]),  # most used, then by name; unused left out
    ({"b": 3, "a": 3, "c": 5}, 2, None, ["c", "a"]),
    ({"b": 3, "a": 3, "c": 5}, 6, ["b", "c"], ["b", "c"]),  # a setting's order
    ({"b": 3}, 1, ["b", "c"], ["b"]),
    ({"b": 3}, 0, None, []),
])
def test_main_sections(counts, limit, chosen, expected):
    assert main_sections(counts, str, limit, chosen) == expected


def test_gallery_shows_each_photo_once_without_the_left_out_ones():
    stories = [Story("1", photo="x.jpg"), Story("2"), Story("3", photo="y.jpg"), Story("4", photo="x.jpg"),
               Story("5", photo="z.jpg"), Story("6", photo="w.jpg")]
    assert names(gallery_of(stories, photo, 3, ["y.jpg"])) == ["1", "5", "6"]
    assert names(gallery_of(stories, photo, 0)) == []


LAYOUT = Layout(secondary=2, max_sections=3, section_items=2, province_items=2, gallery_items=3)


def test_no_story_is_shown_twice_and_each_part_takes_the_newest_left():
    stories = [
        Story("n1", "a"), Story("n2", "b", province=True), Story("f", "a", featured=True, photo="f.jpg"),
        Story("n4", "a", photo="g.jpg"), Story("n5", "b"), Story("n6", "a", province=True),
        Story("n7", "c"), Story("n8", "b", province=True, photo="f.jpg"), Story("n9", "a", province=True),
        Story("n10", "b", province=True, photo="h.jpg"),
    ]
    page = arrange(stories, LAYOUT, featured=featured, photo=photo, section_of=lambda s: s.section,
                   sections=["a", "b", "c"], from_province=lambda s: s.province)
    assert page.lead.name == "f"
    assert names(page.secondary) == ["n1", "n2"]
    assert [(s.key, names(s.articles)) for s in page.sections] == [
        ("a", ["n4", "n6"]), ("b", ["n5", "n8"]), ("c", ["n7"])]
    assert names(page.provinces) == ["n9", "n10"]
    shown = names(page.stories())
    assert len(shown) == len(set(shown))
    # photos, newest first, each once, without the lead's (f.jpg, also n8's)
    assert names(page.gallery) == ["n4", "n10"]


def test_a_section_whose_stories_are_all_shown_above_is_left_out():
    stories = [Story("1", "a", featured=True), Story("2", "a"), Story("3", "b")]
    page = arrange(stories, LAYOUT, featured=featured, photo=photo, section_of=lambda s: s.section,
                   sections=["a", "b"], from_province=lambda s: s.province)
    assert names([page.lead, *page.secondary]) == ["1", "2", "3"]
    assert page.sections == () and page.provinces == () and page.gallery == ()


def test_an_empty_site_has_an_empty_front_page():
    page = arrange([], LAYOUT, featured=featured, photo=photo, section_of=lambda s: s.section,
                   sections=[], from_province=lambda s: s.province)
    assert page.lead is None and page.stories() == []
