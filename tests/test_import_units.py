"""Unit names: one key for the ways plans write them, cells split into units, group names."""

from __future__ import annotations

import pytest

from core.importing.units import guess_unit_kind, is_group_name, split_units, unit_key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Phòng GD&ĐT", "Phòng Giáo dục và Đào tạo"),
        ("Phòng Giáo dục & Đào tạo", "phòng giáo dục và đào tạo"),
        ("Phòng Giáo dục và Đào tạo huyện", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"),
        ("UBND các xã, thị trấn", "Ủy ban nhân dân các xã, thị trấn"),
        ("Uỷ ban nhân dân huyện", "UBND huyện"),
        ("Phòng TC-KH", "Phòng Tài chính - Kế hoạch"),
        ("Phòng Tài chính – Kế hoạch", "Phòng Kế hoạch - Tài chính"),
        ("Trường THCS Kim Đồng", "Trường Trung học cơ sở Kim Đồng"),
    ],
)
def test_same_unit_same_key(one: str, other: str) -> None:
    assert unit_key(one) == unit_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Phòng Nội vụ", "Phòng Tư pháp"),
        ("UBND huyện", "UBND tỉnh"),
        ("Sở Giáo dục và Đào tạo", "Phòng Giáo dục và Đào tạo"),
    ],
)
def test_different_units_different_keys(one: str, other: str) -> None:
    assert unit_key(one) != unit_key(other)


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        ("UBND các xã, phường", ["UBND các xã, phường"]),
        ("Các phòng, ban, cơ quan, đơn vị thành phố", ["Các phòng, ban, cơ quan, đơn vị thành phố"]),
        (
            "Phòng Giáo dục và Đào tạo, UBND các xã, phường",
            ["Phòng Giáo dục và Đào tạo", "UBND các xã, phường"],
        ),
        ("Phòng Nội vụ; Phòng Tư pháp.", ["Phòng Nội vụ", "Phòng Tư pháp"]),
        (
            "Các phòng, ban, cơ quan, đơn vị thành phố UBND các xã, phường",
            ["Các phòng, ban, cơ quan, đơn vị thành phố", "UBND các xã, phường"],
        ),
        (
            "Phòng Tài chính - Kế hoạch, các Phòng, ban, các cơ quan, đơn vị thành phố",
            ["Phòng Tài chính - Kế hoạch", "Các Phòng, ban, các cơ quan, đơn vị thành phố"],
        ),
        (
            "Phòng Văn hóa và Thông tin, Trung tâm Văn hoá, Thể thao và Truyền thông",
            ["Phòng Văn hóa và Thông tin", "Trung tâm Văn hoá, Thể thao và Truyền thông"],
        ),
        ("UBND các xã, phường và các trường học", ["UBND các xã, phường", "Các trường học"]),
        ("Văn phòng HĐND và UBND huyện", ["Văn phòng HĐND và UBND huyện"]),
        ("Phòng GD&ĐT, Phòng Giáo dục và Đào tạo", ["Phòng GD&ĐT"]),
        ("Phòng Giáo dục và Đào tạo\u2029phòng Nội vụ", ["Phòng Giáo dục và Đào tạo", "Phòng Nội vụ"]),
        ("", []),
    ],
)
def test_split_units(cell: str, units: list[str]) -> None:
    assert split_units(cell) == units


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("UBND các xã, phường", True),
        ("Các trường học trực thuộc", True),
        ("Các phòng, ban, cơ quan, đơn vị thành phố", True),
        ("Phòng Giáo dục và Đào tạo", False),
        ("Trường Mầm non Hoa Ban", False),
    ],
)
def test_group_names(name: str, group: bool) -> None:
    assert is_group_name(name) is group


def test_moi_truong_is_an_environment_office_not_a_group():
    assert not is_group_name("Phòng Tài nguyên và Môi trường")
    assert is_group_name("Mọi trường học trên địa bàn")


def test_a_repeated_cac_in_a_group_list_does_not_make_another_group():
    assert unit_key("Các phòng, ban, các cơ quan, đơn vị thành phố") == unit_key(
        "Các phòng, ban, cơ quan, đơn vị thành phố"
    )
    assert unit_key("UBND các xã, phường") != unit_key("UBND xã, phường")


@pytest.mark.parametrize(
    "name, kind",
    [("Trường Tiểu học San Thàng", "tieu_hoc"), ("Trường Mầm non Sùng Phài", "mam_non"),
     ("UBND xã Sùng Phài", "ubnd_xa"), ("Phòng Nội vụ", "phong_ban"), ("Sở Giáo dục và Đào tạo", "so_nganh"),
     ("Trường PTDTBT TH&THCS Sùng Phài", "ptdtbt"), ("Ban chỉ đạo", "phong_ban"), ("Công an huyện", None)],
)
def test_unit_kind_is_guessed_from_the_name(name, kind):
    assert guess_unit_kind(name) == kind


def test_every_guessed_kind_is_a_kind_the_directory_has():
    from core.importing.units import _KIND_PREFIXES
    from storage.migrations import DEFAULT_UNIT_KINDS

    assert {code for _, code in _KIND_PREFIXES} <= {code for code, _ in DEFAULT_UNIT_KINDS}
