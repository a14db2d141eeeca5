"""The province and cluster registry: the shipped data file, lookups, suggestions, errors."""

from __future__ import annotations

import ast
import datetime as dt
import textwrap
import unicodedata
from pathlib import Path

import pytest
from unidecode import unidecode

from provinces.registry import Cluster, Province, Registry, RegistryError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "provinces.yml"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load(DATA)


# ---------------------------------------------------------------------------
# The data: 63 entities, 34 current, 29 former, the mergers of 1 July 2025.

# current unit -> former units merged into it (Resolution 202/2025/QH15), in file order
MERGERS = {
    "tuyen-quang": ("ha-giang",),
    "lao-cai": ("yen-bai",),
    "thai-nguyen": ("bac-kan",),
    "phu-tho": ("vinh-phuc", "hoa-binh"),
    "bac-ninh": ("bac-giang",),
    "hung-yen": ("thai-binh",),
    "hai-phong": ("hai-duong",),
    "ninh-binh": ("ha-nam", "nam-dinh"),
    "quang-tri": ("quang-binh",),
    "da-nang": ("quang-nam",),
    "quang-ngai": ("kon-tum",),
    "gia-lai": ("binh-dinh",),
    "khanh-hoa": ("ninh-thuan",),
    "lam-dong": ("dak-nong", "binh-thuan"),
    "dak-lak": ("phu-yen",),
    "ho-chi-minh": ("binh-duong", "ba-ria-vung-tau"),
    "dong-nai": ("binh-phuoc",),
    "tay-ninh": ("long-an",),
    "can-tho": ("soc-trang", "hau-giang"),
    "vinh-long": ("ben-tre", "tra-vinh"),
    "dong-thap": ("tien-giang",),
    "ca-mau": ("bac-lieu",),
    "an-giang": ("kien-giang",),
}
UNCHANGED = (
    "ha-noi", "hue", "lai-chau", "dien-bien", "son-la", "lang-son",
    "quang-ninh", "thanh-hoa", "nghe-an", "ha-tinh", "cao-bang",
)
FORMER = {former: current for current, formers in MERGERS.items() for former in formers}
CITIES = {"ha-noi", "hue", "hai-phong", "da-nang", "ho-chi-minh", "can-tho"}

CLUSTERS = {
    (1, "tay-bac", "Tây Bắc"): {
        "ha-giang", "tuyen-quang", "lao-cai", "yen-bai", "dien-bien", "lai-chau", "son-la",
        "hoa-binh", "phu-tho",
    },
    (2, "dong-bac", "Đông Bắc"): {
        "bac-giang", "bac-kan", "cao-bang", "hai-duong", "hai-phong", "lang-son", "quang-ninh",
        "thai-nguyen",
    },
    (3, "dong-bang-song-hong", "Đồng bằng sông Hồng"): {
        "ha-noi", "vinh-phuc", "bac-ninh", "hung-yen", "thai-binh", "ha-nam", "nam-dinh", "ninh-binh",
    },
    (4, "bac-trung-bo", "Bắc Trung Bộ"): {
        "thanh-hoa", "nghe-an", "ha-tinh", "quang-binh", "quang-tri", "hue",
    },
    (5, "nam-trung-bo", "Nam Trung Bộ"): {
        "da-nang", "quang-nam", "quang-ngai", "binh-dinh", "phu-yen", "khanh-hoa", "ninh-thuan",
        "binh-thuan",
    },
    (6, "tay-nguyen", "Tây Nguyên"): {"kon-tum", "gia-lai", "dak-lak", "dak-nong", "lam-dong"},
    (7, "dong-nam-bo", "Đông Nam Bộ"): {
        "ho-chi-minh", "binh-duong", "binh-phuoc", "dong-nai", "tay-ninh", "ba-ria-vung-tau",
    },
    (8, "dong-bang-song-cuu-long", "Đồng bằng sông Cửu Long"): {
        "long-an", "tien-giang", "ben-tre", "tra-vinh", "vinh-long", "dong-thap", "an-giang",
        "kien-giang", "can-tho", "hau-giang", "soc-trang", "bac-lieu", "ca-mau",
    },
}


def test_counts(reg: Registry) -> None:
    assert len(reg.pre_merger_units()) == 63
    assert len(reg.provinces) == 63
    assert len(reg.current_units()) == 34
    assert len(reg.former_units()) == 29
    assert len(reg.clusters) == 8
    assert reg.merger_date == dt.date(2025, 7, 1)


def test_current_units_are_the_34(reg: Registry) -> None:
    assert {p.slug for p in reg.current_units()} == set(UNCHANGED) | set(MERGERS)
    assert [p.slug for p in reg.current_units()][:11] == list(UNCHANGED)
    assert all(p.is_current and p.successor is None for p in reg.current_units())


def test_former_units_are_the_29(reg: Registry) -> None:
    assert {p.slug: p.successor for p in reg.former_units()} == FORMER
    assert all(not p.is_current and not p.predecessors for p in reg.former_units())


@pytest.mark.parametrize("former, current", sorted(FORMER.items()))
def test_each_former_unit_has_one_current_successor(reg: Registry, former: str, current: str) -> None:
    p = reg.provinces[former]
    assert p.successor == current
    assert reg.successor(p).slug == current
    assert reg.successor(p).is_current
    assert former in reg.provinces[current].predecessors


@pytest.mark.parametrize("current, formers", sorted(MERGERS.items()))
def test_predecessors(reg: Registry, current: str, formers: tuple[str, ...]) -> None:
    p = reg.provinces[current]
    assert p.predecessors == formers
    assert [q.slug for q in reg.predecessors(p)] == list(formers)


@pytest.mark.parametrize("slug", UNCHANGED)
def test_unchanged_units(reg: Registry, slug: str) -> None:
    p = reg.provinces[slug]
    assert p.is_current
    assert p.predecessors == ()
    assert reg.successor(p) is p


@pytest.mark.parametrize(
    "name, successor",
    [
        ("Yên Bái", "Lào Cai"),
        ("Thái Bình", "Hưng Yên"),
        ("Hải Dương", "Hải Phòng"),
        ("Bình Dương", "Hồ Chí Minh"),
        ("Hà Giang", "Tuyên Quang"),
        ("Bà Rịa – Vũng Tàu", "Hồ Chí Minh"),
        ("Kon Tum", "Quảng Ngãi"),
        ("Lào Cai", "Lào Cai"),
    ],
)
def test_successor_spot_checks(reg: Registry, name: str, successor: str) -> None:
    p = reg.lookup(name)
    assert p is not None and p.name == name
    assert reg.successor(p).name == successor


def test_lao_cai_predecessors(reg: Registry) -> None:
    assert reg.provinces["lao-cai"].predecessors == ("yen-bai",)


@pytest.mark.parametrize(
    "slug, kind, full_name",
    [
        ("yen-bai", "tỉnh", "tỉnh Yên Bái"),
        ("ho-chi-minh", "thành phố", "thành phố Hồ Chí Minh"),
        ("hue", "thành phố", "thành phố Huế"),
        ("thanh-hoa", "tỉnh", "tỉnh Thanh Hóa"),
        ("khanh-hoa", "tỉnh", "tỉnh Khánh Hòa"),
        ("hoa-binh", "tỉnh", "tỉnh Hòa Bình"),
        ("ba-ria-vung-tau", "tỉnh", "tỉnh Bà Rịa – Vũng Tàu"),
        ("dak-lak", "tỉnh", "tỉnh Đắk Lắk"),
        ("can-tho", "thành phố", "thành phố Cần Thơ"),
    ],
)
def test_kind_and_full_name(reg: Registry, slug: str, kind: str, full_name: str) -> None:
    p = reg.provinces[slug]
    assert (p.kind, p.kind_after, p.full_name) == (kind, kind, full_name)


def test_cities(reg: Registry) -> None:
    assert {p.slug for p in reg.pre_merger_units() if p.kind == "thành phố"} == CITIES
    assert {p.slug for p in reg.current_units() if p.kind_after == "thành phố"} == CITIES
    assert {p.slug for p in reg.pre_merger_units() if p.is_city} == CITIES


def test_hue_old_name(reg: Registry) -> None:
    hue = reg.provinces["hue"]
    assert (hue.name, hue.old_name, hue.full_name) == ("Huế", "Thừa Thiên Huế", "thành phố Huế")


def test_names_and_slugs_are_well_formed(reg: Registry) -> None:
    for p in reg.pre_merger_units():
        assert unicodedata.is_normalized("NFC", p.name), p.slug
        assert all(unicodedata.is_normalized("NFC", a) for a in p.aliases), p.slug
        transliterated = "-".join(unidecode(p.name).lower().replace("-", " ").split())
        assert p.slug == transliterated


def test_no_two_provinces_share_a_diacritic_less_name(reg: Registry) -> None:
    # Every official name must stay reachable without accents ("Ha Nam", "Hau Giang").
    for p in reg.pre_merger_units():
        assert reg.lookup(unidecode(p.name)) is p


# ---------------------------------------------------------------------------
# Clusters


def test_dong_bac_cluster(reg: Registry) -> None:
    c = reg.clusters["dong-bac"]
    assert c.number == 2
    assert c.name == "Đông Bắc"
    assert c.full_name == "Cụm Đông Bắc"
    assert c.members == (
        "bac-giang", "bac-kan", "cao-bang", "hai-duong", "hai-phong", "lang-son", "quang-ninh",
        "thai-nguyen",
    )
    assert {p.name for p in reg.members(c)} == {
        "Bắc Giang", "Bắc Kạn", "Cao Bằng", "Hải Dương", "Hải Phòng", "Lạng Sơn", "Quảng Ninh",
        "Thái Nguyên",
    }


@pytest.mark.parametrize("key, members", CLUSTERS.items(), ids=[k[1] for k in CLUSTERS])
def test_cluster_members(reg: Registry, key: tuple[int, str, str], members: set[str]) -> None:
    number, slug, name = key
    c = reg.clusters[slug]
    assert (c.number, c.slug, c.name) == (number, slug, name)
    assert set(c.members) == members
    assert len(c.members) == len(members)
    assert all(reg.cluster_of(p) is c and p.cluster == slug for p in reg.members(c))


def test_clusters_ordered_by_number(reg: Registry) -> None:
    assert [c.number for c in reg.clusters.values()] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_every_entity_in_exactly_one_cluster(reg: Registry) -> None:
    memberships = [slug for c in reg.clusters.values() for slug in c.members]
    assert sorted(memberships) == sorted(reg.provinces)


def test_former_unit_keeps_its_own_cluster(reg: Registry) -> None:
    vinh_phuc = reg.provinces["vinh-phuc"]
    assert reg.cluster_of(vinh_phuc).slug == "dong-bang-song-hong"
    assert reg.cluster_of(reg.successor(vinh_phuc)).slug == "tay-bac"


# ---------------------------------------------------------------------------
# Lookups


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Thanh Hoá", "thanh-hoa"),
        ("Thanh Hóa", "thanh-hoa"),
        ("thanh hoa", "thanh-hoa"),
        ("Tỉnh Thanh Hóa", "thanh-hoa"),
        (unicodedata.normalize("NFD", "Thanh Hóa"), "thanh-hoa"),
        (unicodedata.normalize("NFD", "Thanh Hoá"), "thanh-hoa"),
        ("THANH HÓA", "thanh-hoa"),
        ("TP.HCM", "ho-chi-minh"),
        ("TPHCM", "ho-chi-minh"),
        ("HCM", "ho-chi-minh"),
        ("tp hồ chí minh", "ho-chi-minh"),
        ("Thành phố Hồ Chí Minh", "ho-chi-minh"),
        ("TP. Hồ Chí Minh", "ho-chi-minh"),
        ("Sài Gòn", "ho-chi-minh"),
        ("saigon", "ho-chi-minh"),
        ("ho-chi-minh", "ho-chi-minh"),
        ("Khánh Hoà", "khanh-hoa"),
        ("Khánh Hòa", "khanh-hoa"),
        ("Hoà Bình", "hoa-binh"),
        ("Thừa Thiên Huế", "hue"),
        ("Thừa Thiên - Huế", "hue"),
        ("tỉnh Thừa Thiên Huế", "hue"),
        ("TP Huế", "hue"),
        ("Hue", "hue"),
        ("  yên   bái ", "yen-bai"),
        ("Yen Bai", "yen-bai"),
        ("yen-bai", "yen-bai"),
        ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"),
        ("Bà Rịa Vũng Tàu", "ba-ria-vung-tau"),
        ("BR-VT", "ba-ria-vung-tau"),
        ("Đắk Lắk", "dak-lak"),
        ("Đăk Lăk", "dak-lak"),
        ("Đắc Lắc", "dak-lak"),
        ("Dak Lak", "dak-lak"),
        ("Đắk Nông", "dak-nong"),
        ("Đăk Nông", "dak-nong"),
        ("Kon Tum", "kon-tum"),
        ("Kontum", "kon-tum"),
        ("Hà Nội", "ha-noi"),
        ("HN", "ha-noi"),
        ("Thủ đô Hà Nội", "ha-noi"),
        ("T.P. Hà Nội", "ha-noi"),
        ("Bắc Cạn", "bac-kan"),
        ("Đà Nẵng", "da-nang"),
        ("Da Nang", "da-nang"),
        ("dien bien", "dien-bien"),
        ("Hậu Giang", "hau-giang"),
        ("Hà Giang", "ha-giang"),
    ],
)
def test_lookup(reg: Registry, text: str, slug: str) -> None:
    p = reg.lookup(text)
    assert p is not None, text
    assert p.slug == slug


@pytest.mark.parametrize("text", ["", "   ", "Thái Lan", "tỉnh", "TP", "Yên Bái Hà Nội", "Thai Binhh"])
def test_lookup_unknown(reg: Registry, text: str) -> None:
    assert reg.lookup(text) is None


def test_lookup_returns_registry_entities(reg: Registry) -> None:
    assert reg.lookup("Yên Bái") is reg.provinces["yen-bai"]
    assert isinstance(reg.lookup("Yên Bái"), Province)


@pytest.mark.parametrize(
    "text, first",
    [
        ("Thai Binhh", "Thái Bình"),
        ("Yen Bay", "Yên Bái"),
        ("Ha Noj", "Hà Nội"),
        ("Sai gonn", "Hồ Chí Minh"),
        ("Quang Nga", "Quảng Ngãi"),
        ("tinh Kon Tun", "Kon Tum"),
        ("Dac Lac", "Đắk Lắk"),
        ("Vung Tau 2", "Bà Rịa – Vũng Tàu"),
    ],
)
def test_suggest(reg: Registry, text: str, first: str) -> None:
    names = reg.suggest(text)
    assert len(names) == 3
    assert names[0] == first
    assert len(set(names)) == 3


@pytest.mark.parametrize("text", ["x", "???", "zzzzzzzzzzzz", "Thái Lan"])
def test_suggest_is_never_empty(reg: Registry, text: str) -> None:
    names = reg.suggest(text)
    assert len(names) == 3
    assert all(name in {p.name for p in reg.pre_merger_units()} for name in names)


def test_suggest_limit(reg: Registry) -> None:
    assert reg.suggest("Thai Binhh", limit=1) == ["Thái Bình"]
    assert len(reg.suggest("Thai Binhh", limit=5)) == 5
    assert reg.suggest("Thai Binhh", limit=0) == []


@pytest.mark.parametrize(
    "text",
    [
        "dong-bac", "Đông Bắc", "dong bac", "ĐÔNG BẮC", "Cụm Đông Bắc", "cụm thi đua Đông Bắc",
        "2", "cụm 2", "Cụm 2", "cụm số 2", "Cụm thi đua số 2", "Cụm II", "  cum so 2 ",
    ],
)
def test_lookup_cluster(reg: Registry, text: str) -> None:
    c = reg.lookup_cluster(text)
    assert isinstance(c, Cluster)
    assert c.slug == "dong-bac"


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Tây Bắc", "tay-bac"),
        ("Đồng bằng sông Hồng", "dong-bang-song-hong"),
        ("ĐBSCL", "dong-bang-song-cuu-long"),
        ("Đồng bằng sông Cửu Long", "dong-bang-song-cuu-long"),
        ("dong bang song cuu long", "dong-bang-song-cuu-long"),
        ("Tây Nguyên", "tay-nguyen"),
        ("cụm 8", "dong-bang-song-cuu-long"),
        ("Đông Nam Bộ", "dong-nam-bo"),
    ],
)
def test_lookup_cluster_others(reg: Registry, text: str, slug: str) -> None:
    c = reg.lookup_cluster(text)
    assert c is not None and c.slug == slug


@pytest.mark.parametrize("text", ["", "9", "cụm 9", "cụm", "Đông", "Hà Nội", "II"])
def test_lookup_cluster_unknown(reg: Registry, text: str) -> None:
    assert reg.lookup_cluster(text) is None


@pytest.mark.parametrize(
    "text, first",
    [("Dong Bak", "Đông Bắc"), ("Tay Nguyen 2", "Tây Nguyên"), ("song cuu long", "Đồng bằng sông Cửu Long")],
)
def test_suggest_cluster(reg: Registry, text: str, first: str) -> None:
    names = reg.suggest_cluster(text)
    assert len(names) == 3
    assert names[0] == first


def test_suggest_cluster_never_empty(reg: Registry) -> None:
    assert len(reg.suggest_cluster("???")) == 3


# ---------------------------------------------------------------------------
# Registry.load on small files written for the test

BASE = """\
merger_date: 2025-07-01
provinces:
  - slug: lao-cai
    name: Lào Cai
    kind: tỉnh
  - slug: yen-bai
    name: Yên Bái
    kind: tỉnh
    successor: lao-cai
  - slug: ha-noi
    name: Hà Nội
    kind: thành phố
    aliases: [HN]
clusters:
  - slug: tay-bac
    number: 1
    name: Tây Bắc
    members: [lao-cai, yen-bai]
  - slug: dong-bang-song-hong
    number: 3
    name: Đồng bằng sông Hồng
    members: [ha-noi]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "provinces.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def load_error(tmp_path: Path, text: str) -> tuple[RegistryError, Path]:
    path = write(tmp_path, text)
    with pytest.raises(RegistryError) as info:
        Registry.load(path)
    return info.value, path


def test_base_file_loads(tmp_path: Path) -> None:
    reg = Registry.load(write(tmp_path, BASE))
    assert list(reg.provinces) == ["lao-cai", "yen-bai", "ha-noi"]
    assert reg.provinces["lao-cai"].predecessors == ("yen-bai",)
    assert reg.provinces["ha-noi"].cluster == "dong-bang-song-hong"
    assert reg.lookup("hn").slug == "ha-noi"


def test_duplicate_slug(tmp_path: Path) -> None:
    text = BASE.replace("  - slug: ha-noi\n", "  - slug: lao-cai\n")
    err, path = load_error(tmp_path, text)
    line = line_of(text, "slug: lao-cai", 2)
    assert err.path == str(path)
    assert err.line == line
    assert str(err).startswith(f"{path}:{line}: ")
    assert 'slug "lao-cai"' in err.message
    assert f"dòng {line_of(text, 'slug: lao-cai')}" in err.message


def test_unknown_successor(tmp_path: Path) -> None:
    text = BASE.replace("successor: lao-cai", "successor: lao-kay")
    err, path = load_error(tmp_path, text)
    line = line_of(text, "successor: lao-kay")
    assert (err.path, err.line) == (str(path), line)
    assert str(err).startswith(f"{path}:{line}: ")
    assert '"lao-kay"' in str(err)


def test_unknown_successor_named_another_way_gets_a_hint(tmp_path: Path) -> None:
    text = BASE.replace("successor: lao-cai", "successor: Lào Cai")
    err, _ = load_error(tmp_path, text)
    assert '(có phải "lao-cai"?)' in err.message


def test_successor_that_is_itself_former(tmp_path: Path) -> None:
    text = BASE.replace(
        "  - slug: ha-noi\n",
        "  - slug: son-la\n    name: Sơn La\n    kind: tỉnh\n    successor: yen-bai\n  - slug: ha-noi\n",
    ).replace("members: [lao-cai, yen-bai]", "members: [lao-cai, yen-bai, son-la]")
    err, path = load_error(tmp_path, text)
    line = line_of(text, "successor: yen-bai")
    assert str(err).startswith(f"{path}:{line}: ")
    assert '"lao-cai"' in err.message


def test_province_in_two_clusters(tmp_path: Path) -> None:
    text = BASE.replace("members: [ha-noi]", "members: [ha-noi, yen-bai]")
    err, path = load_error(tmp_path, text)
    line = line_of(text, "members: [ha-noi, yen-bai]")
    assert (err.path, err.line) == (str(path), line)
    assert str(err).startswith(f"{path}:{line}: ")
    assert "Yên Bái" in err.message and "Tây Bắc" in err.message
    assert f"dòng {line_of(text, 'members: [lao-cai, yen-bai]')}" in err.message


def test_province_in_no_cluster(tmp_path: Path) -> None:
    text = BASE.replace("members: [lao-cai, yen-bai]", "members: [lao-cai]")
    err, path = load_error(tmp_path, text)
    line = line_of(text, "- slug: yen-bai")
    assert str(err).startswith(f"{path}:{line}: ")
    assert '"yen-bai"' in err.message


def test_alias_naming_two_provinces(tmp_path: Path) -> None:
    text = BASE.replace("aliases: [HN]", "aliases: [HN, Yen Bai]")
    err, path = load_error(tmp_path, text)
    line = line_of(text, "aliases: [HN, Yen Bai]")
    assert str(err).startswith(f"{path}:{line}: ")
    assert "Yên Bái" in err.message


@pytest.mark.parametrize(
    "old, new, needle",
    [
        ("kind: thành phố", "kind: thủ đô", "kind: thủ đô"),
        ("    successor: lao-cai\n", "    sucessor: lao-cai\n", "sucessor"),
        ("number: 3", "number: ba", "number: ba"),
        ("number: 3", "number: 1", "number: 1"),
        ("slug: ha-noi", "slug: Hà Nội", "slug: Hà Nội"),
        ("merger_date: 2025-07-01", "merger_date: 1/7/2025", "merger_date"),
        ("members: [ha-noi]", "members: [ha-noi, hai-phong]", "hai-phong"),
        ("aliases: [HN]", "aliases: HN", "aliases: HN"),
        ("    name: Hà Nội\n", "    name: Hà Nội\n    name: Thủ đô\n", "name: Thủ đô"),
    ],
)
def test_other_errors_name_their_line(tmp_path: Path, old: str, new: str, needle: str) -> None:
    assert old in BASE
    text = BASE.replace(old, new, 1) if new != "number: 1" else BASE.replace("number: 3", new)
    err, path = load_error(tmp_path, text)
    line = line_of(text, needle, 2 if new == "number: 1" else 1)
    assert f"{path}:{line}: " in str(err)


def test_missing_field(tmp_path: Path) -> None:
    text = BASE.replace("    kind: thành phố\n", "")
    err, path = load_error(tmp_path, text)
    assert str(err).startswith(f"{path}:{line_of(text, '- slug: ha-noi')}: ")
    assert "kind" in err.message


def test_yaml_syntax_error(tmp_path: Path) -> None:
    text = BASE.replace("members: [ha-noi]", "members: [ha-noi")
    err, path = load_error(tmp_path, text)
    assert err.path == str(path)
    assert isinstance(err.line, int)
    assert str(err).startswith(f"{path}:{err.line}: ")


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    text = (
        BASE.replace("successor: lao-cai", "successor: lao-kay")
        .replace("clusters:\n", "  - slug: lao-cai\n    name: Lào Cai\n    kind: tỉnh\nclusters:\n")
        .replace("number: 3", "number: 1")
    )
    err, path = load_error(tmp_path, text)
    lines = str(err).splitlines()
    assert lines == [
        f"{path}:{line_of(text, 'successor: lao-kay')}: " + lines[0].split(": ", 1)[1],
        f"{path}:{line_of(text, 'slug: lao-cai', 2)}: " + lines[1].split(": ", 1)[1],
        f"{path}:{line_of(text, 'number: 1', 2)}: " + lines[2].split(": ", 1)[1],
    ]
    assert [line for line, _ in err.problems] == sorted(line for line, _ in err.problems)
    assert len(err.problems) == 3


def test_exact_match_wins_over_diacritic_less_match(tmp_path: Path) -> None:
    # Two (made-up) provinces whose names differ only in their marks.
    text = BASE.replace(
        "  - slug: ha-noi\n",
        "  - slug: p1\n    name: Hà Nam\n    kind: tỉnh\n"
        "  - slug: p2\n    name: Hạ Nâm\n    kind: tỉnh\n  - slug: ha-noi\n",
    ).replace("members: [ha-noi]", "members: [ha-noi, p1, p2]")
    reg = Registry.load(write(tmp_path, text))
    assert reg.lookup("Hà Nam").slug == "p1"
    assert reg.lookup("Hạ Nâm").slug == "p2"
    assert reg.lookup("hà nam").slug == "p1"
    assert reg.lookup("ha nam") is None  # ambiguous without marks: the build asks
    assert set(reg.suggest("ha nam")[:2]) == {"Hà Nam", "Hạ Nâm"}


def test_nfd_file_is_read_as_nfc(tmp_path: Path) -> None:
    reg = Registry.load(write(tmp_path, unicodedata.normalize("NFD", BASE)))
    assert reg.provinces["yen-bai"].name == "Yên Bái"
    assert unicodedata.is_normalized("NFC", reg.provinces["yen-bai"].name)


def test_missing_file_raises_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Registry.load(tmp_path / "nope.yml")


def test_registry_error_str() -> None:
    assert str(RegistryError("data/provinces.yml", 12, "boom")) == "data/provinces.yml:12: boom"
    assert str(RegistryError("data/provinces.yml", None, "boom")) == "data/provinces.yml: boom"


# ---------------------------------------------------------------------------


def test_registry_is_pure() -> None:
    """registry.py and normalize.py never import Pelican (the adapter does)."""
    for name in ("registry.py", "normalize.py"):
        tree = ast.parse((ROOT / "plugins" / "provinces" / name).read_text(encoding="utf-8"))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
        assert "pelican" not in imported, name


def test_a_former_province_after_the_merger_is_a_warning(site):
    site.article("cu", title="Tin cũ", province="Yên Bái", date="2025-06-30 23:00")
    site.article("moi", title="Tin mới", province="Yên Bái", date="2025-09-10 08:00")
    result = site.build()
    assert result.returncode == 0, result.stderr
    warnings = [l for l in result.stderr.splitlines() if "đã hợp nhất" in l]
    assert len(warnings) == 1
    assert warnings[0].endswith(
        'moi.md:6: province: "Yên Bái" đã hợp nhất vào tỉnh Lào Cai từ 01/07/2025; bài đăng sau ngày này nên ghi '
        "province: Lào Cai (cảnh báo; bài vẫn được đăng trong tin tỉnh Yên Bái)."
    )
    assert (result.output / "tin/2025/09/10/tin-moi/index.html").is_file()
