"""The association's logo on derived copies: the pure rules, then through the real build."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from images.pipeline import ImageSpec, derive
from images.watermark import Watermark, apply, box

from tests.conftest import ROOT

LOGO = ROOT / "theme" / "static" / "images" / "icon-512.png"
COLOUR = (200, 120, 40)  # what tests.conftest.Site.image paints


def mark(**fields) -> Watermark:
    return Watermark(LOGO.read_bytes(), **fields)


@pytest.mark.parametrize("corner, expected", [
    ("bottom-right", (1000 - 150 - 30, 600 - 150 - 30, 150, 150)),
    ("bottom-left", (30, 600 - 150 - 30, 150, 150)),
    ("top-right", (1000 - 150 - 30, 30, 150, 150)),
    ("top-left", (30, 30, 150, 150)),
])
def test_the_logo_goes_in_its_corner_as_a_share_of_the_width(corner, expected):
    assert box((1000, 600), (512, 512), mark(corner=corner)) == expected


def region(image: Image.Image, left: int, top: int, w: int, h: int) -> tuple[float, ...]:
    return tuple(ImageStat.Stat(image.convert("RGB").crop((left, top, left + w, top + h))).mean)


def far(a, b, at_least: float = 8) -> bool:
    return max(abs(x - y) for x, y in zip(a, b)) >= at_least


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "LA"])
def test_a_copy_gets_the_logo_in_its_corner_and_keeps_its_mode(mode):
    plain = Image.new("RGB", (800, 500), COLOUR).convert(mode)
    setting = mark()
    marked = apply(plain, Image.open(LOGO).convert("RGBA"), setting)
    assert marked.mode == mode and marked.size == plain.size
    left, top, w, h = box(plain.size, (512, 512), setting)
    assert far(region(marked, left, top, w, h), region(plain, left, top, w, h))
    assert region(marked, 0, 0, 200, 200) == region(plain, 0, 0, 200, 200)  # the rest untouched


def test_a_copy_narrower_than_the_least_width_is_left_as_it_is():
    small = Image.new("RGB", (160, 107), COLOUR)
    assert apply(small, Image.open(LOGO).convert("RGBA"), mark(min_width=320)) is small


def test_the_settings_are_in_the_cache_key_and_off_is_todays_key():
    # Off: the key is that of the settings alone (WebP method 2), as before the watermark
    # existed, so no cached or published copy is made again. A change of this value
    # derives every photo of the site again: change it knowingly.
    assert ImageSpec().digest() == "2acea7a8c1"
    keys = {ImageSpec(watermark=w).digest() for w in (mark(), mark(corner="top-left"), mark(opacity=0.5),
                                                        mark(width=0.2), mark(margin=0), mark(min_width=640))}
    assert len(keys) == 6 and ImageSpec().digest() not in keys
    other_logo = Watermark(b"\x89PNG other", "bottom-right")
    assert ImageSpec(watermark=other_logo).digest() not in keys


@pytest.mark.parametrize("fields, message", [
    ({"corner": "duoi-phai"}, 'IMAGES_WATERMARK_CORNER: "duoi-phai" không có; chọn một trong top-left, top-right, '
                              "bottom-left, bottom-right."),
    ({"width": 0.9}, "IMAGES_WATERMARK_WIDTH: 0.9 phải là phần bề ngang ảnh, lớn hơn 0 và không quá 0.5, ví dụ 0.15."),
    ({"opacity": 0}, "IMAGES_WATERMARK_OPACITY: 0 phải từ trên 0 đến 1, ví dụ 0.6."),
])
def test_bad_settings_say_the_fix(fields, message):
    assert mark(**fields).problems() == [message]


def test_derive_marks_the_wide_copies_only():
    data = io.BytesIO()
    Image.new("RGB", (1200, 800), COLOUR).save(data, "PNG")
    plain, plain_files = derive(data.getvalue(), "anh", ImageSpec(), 10**8)
    marked, files = derive(data.getvalue(), "anh", ImageSpec(watermark=mark()), 10**8)
    by_name = {Path(p).name: b for p, b in plain_files.items()}
    for variant in marked.variants:
        name = Path(variant.path).name
        if variant.width < 320:
            assert files[variant.path] == by_name[name], name
        else:
            assert files[variant.path] != by_name[name], name


# -- through the real build ---------------------------------------------------------------

def derived_files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in (output / "anh").rglob("*") if p.is_file()}


def by_name(files: dict[str, bytes]) -> dict[str, bytes]:
    return {Path(p).name: b for p, b in files.items()}


def test_the_build_marks_derived_copies_when_on_and_leaves_them_as_today_when_off(site):
    source = site.image("images/anh.jpg", (1200, 800))
    original = source.read_bytes()
    site.article("bai", title="Bài có ảnh", image="images/anh.jpg", body="![Ảnh trong bài](../images/anh.jpg)")
    off = site.build()
    assert off.returncode == 0, off.stderr
    before = derived_files(site.output)
    assert before and all(f"{ImageSpec().digest()[:4]}/" in p for p in before)  # today's key, today's names

    on = site.build("IMAGES_WATERMARK=true", 'IMAGES_WATERMARK_CORNER="top-left"')
    assert on.returncode == 0, on.stderr
    after = derived_files(site.output)
    assert set(after).isdisjoint(before)  # another key: other names, no stale copy served
    plain = by_name(before)
    checked = 0
    for path, data in after.items():
        name = Path(path).name
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            width = image.width
            corner = region(image, round(width * 0.03), round(width * 0.03), round(width * 0.15), round(width * 0.15))
            far_corner = region(image, width - 40, image.height - 40, 30, 30)
        with Image.open(io.BytesIO(plain[name])) as unmarked:
            unmarked.load()
            plain_corner = region(unmarked, round(width * 0.03), round(width * 0.03), round(width * 0.15),
                                  round(width * 0.15))
        if width >= 320:
            assert far(corner, plain_corner), name  # the logo, top left
            checked += 1
        else:
            assert data == plain[name], name  # small thumbnails: as without the mark
        assert not far(far_corner, COLOUR, 12), name  # the other corner: the photo
    assert checked >= 6  # 320, 640, 1024, 1200 in two formats, thumbnails of 320, the sharing image
    assert source.read_bytes() == original  # never the original
    page = on.page("tin/2024/07/15/bai-co-anh/index.html")
    assert all(p in page for p in re.findall(r"anh/[^\" ]+\.jpg", page) if p in after)

    again = site.build()  # off again: exactly the copies of today
    assert again.returncode == 0, again.stderr
    assert derived_files(site.output) == before


def test_a_bad_watermark_setting_stops_the_build_with_one_line(site):
    site.article("bai", title="Bài")
    result = site.build("IMAGES_WATERMARK=true", 'IMAGES_WATERMARK_CORNER="giua"')
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        'pelicanconf.py: IMAGES_WATERMARK_CORNER: "giua" không có; chọn một trong top-left, top-right, '
        "bottom-left, bottom-right.")
