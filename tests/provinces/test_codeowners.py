"""CODEOWNERS made from the province registry, and the registry's reviewers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from provinces.codeowners import files_for, rules
from provinces.registry import Registry, RegistryError

from tests.conftest import ROOT

REGISTRY = Registry.load(ROOT / "data" / "provinces.yml")
INVOKE = str(Path(sys.executable).with_name("invoke"))


@pytest.mark.parametrize("name", [".github/CODEOWNERS", ".gitlab/CODEOWNERS"])
def test_the_committed_codeowners_files_are_those_the_registry_gives(name):
    # Fails when data/provinces.yml changed without `invoke codeowners` (and a commit).
    assert (ROOT / name).read_text(encoding="utf-8") == files_for(REGISTRY)[name], \
        f"{name} chưa khớp data/provinces.yml: chạy invoke codeowners rồi commit"


def test_a_units_folders_are_its_reviewers_and_the_centres_and_a_former_units_its_successors():
    found = dict(rules(REGISTRY))
    centre = "@hoi-khuyen-hoc/bien-tap-trung-uong"
    assert found["*"] == (centre,)  # the default owner of every file
    lao_cai = ("@hoi-khuyen-hoc/bien-tap-lao-cai", centre)
    assert found["/content/articles/lao-cai/"] == lao_cai
    assert found["/content/images/lao-cai/"] == lao_cai
    assert found["/content/articles/yen-bai/"] == lao_cai  # merged into Lào Cai
    assert len([p for p in found if p.startswith("/content/articles/")]) == 63
    # the default line first: the last matching line wins, so a unit's lines follow it
    assert rules(REGISTRY)[0][0] == "*"


def test_invoke_codeowners_check_says_the_committed_files_match():
    ok = subprocess.run([INVOKE, "codeowners", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "đã khớp" in ok.stdout


MINIMAL = """
merger_date: 2025-07-01
reviewers: {centre}
provinces:
  - slug: lao-cai
    name: Lào Cai
    kind: tỉnh
    reviewers: {unit}
  - slug: yen-bai
    name: Yên Bái
    kind: tỉnh
    successor: lao-cai
{former}clusters:
  - slug: tay-bac
    number: 1
    name: Tây Bắc
    members: [lao-cai, yen-bai]
"""


def registry_of(centre='"@hoi/tw"', unit='["@hoi/lao-cai", "bien.tap@khuyenhoc.vn"]', former=""):
    return Registry.from_yaml(MINIMAL.format(centre=centre, unit=unit, former=former), "provinces.yml")


def test_reviewers_are_a_handle_or_a_list_of_them():
    registry = registry_of()
    assert registry.reviewers == ("@hoi/tw",)
    assert registry.reviewers_of(registry.provinces["yen-bai"]) == ("@hoi/lao-cai", "bien.tap@khuyenhoc.vn")


@pytest.mark.parametrize("kwargs, line, message", [
    ({"centre": '"hoi/tw"'}, 3, 'reviewers "hoi/tw": cần tên người dùng hoặc nhóm trên GitHub/GitLab bắt đầu bằng @ '
                                'và đặt trong ngoặc kép, ví dụ reviewers: "@hoi-khuyen-hoc/bien-tap-lao-cai"'),
    ({"former": '    reviewers: "@hoi/yen-bai"\n'}, 13,
     'reviewers: bài của đơn vị cũ do người duyệt của "lao-cai" duyệt; bỏ dòng này (ghi reviewers ở "lao-cai")'),
])
def test_a_bad_reviewer_is_named_with_its_line(kwargs, line, message):
    with pytest.raises(RegistryError) as caught:
        registry_of(**kwargs)
    assert caught.value.problems == ((line, message),)
