"""Units and groups: round trips, Vietnamese search and order, groups, and units in use."""

import unicodedata

import pytest

from core.model import Plan, Role, Task, Unit
from storage.assignments import set_assignments
from storage.database import StorageError
from storage.plans import save_plan
from storage.tasks import save_task
from storage.units import (
    delete_unit,
    find_unit,
    get_unit,
    group_members,
    list_units,
    save_unit,
    set_group_members,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_unit_round_trip_stores_nfc_even_when_given_nfd(db):
    parent = save_unit(db, Unit("UBND huyện Tam Đường", kind_code="ubnd_huyen_tinh"))
    unit = save_unit(
        db,
        Unit(
            name=nfd("Phòng Giáo dục và Đào tạo"),
            short_name=nfd("Phòng GD&ĐT"),
            kind_code="phong_ban",
            parent_id=parent.id,
            notes=nfd("Đầu mối chuyển đổi số"),
        ),
    )
    assert unit.id is not None
    assert unit == Unit(
        name="Phòng Giáo dục và Đào tạo",
        short_name="Phòng GD&ĐT",
        kind_code="phong_ban",
        parent_id=parent.id,
        notes="Đầu mối chuyển đổi số",
        id=unit.id,
    )
    stored = db.execute("SELECT name FROM units WHERE id = ?", (unit.id,)).fetchone()[0]
    assert stored == unicodedata.normalize("NFC", stored)
    assert get_unit(db, unit.id) == unit


def test_saving_a_unit_with_its_id_updates_it(db):
    unit = save_unit(db, Unit("Phòng Nội vụ"))
    updated = save_unit(db, Unit("Phòng Nội vụ huyện", short_name="PNV", id=unit.id))
    assert updated.id == unit.id
    assert [u.name for u in list_units(db)] == ["Phòng Nội vụ huyện"]


def test_unit_names_may_not_be_blank(db):
    with pytest.raises(StorageError, match="Tên đơn vị"):
        save_unit(db, Unit("   "))


def test_an_unknown_unit_kind_is_refused_with_the_unit_name(db):
    with pytest.raises(StorageError, match="Trường ABC"):
        save_unit(db, Unit("Trường ABC", kind_code="khong_co"))
    assert list_units(db) == []


def test_a_unit_cannot_be_placed_under_its_own_subordinate(db):
    upper = save_unit(db, Unit("UBND huyện"))
    lower = save_unit(db, Unit("Phòng Nội vụ", parent_id=upper.id))
    with pytest.raises(StorageError, match="UBND huyện"):
        save_unit(db, Unit("UBND huyện", parent_id=lower.id, id=upper.id))
    assert get_unit(db, upper.id).parent_id is None


def test_search_ignores_case_diacritics_and_d_stroke(db):
    save_unit(db, Unit("Phòng Giáo dục và Đào tạo", short_name="Phòng GD&ĐT"))
    save_unit(db, Unit("Phòng Tài chính - Kế hoạch"))
    save_unit(db, Unit("Trường Mầm non Sơn Bình"))
    assert [u.name for u in list_units(db, "phong giao duc")] == ["Phòng Giáo dục và Đào tạo"]
    assert [u.name for u in list_units(db, "ĐÀO TẠO")] == ["Phòng Giáo dục và Đào tạo"]
    assert [u.name for u in list_units(db, "dao tao")] == ["Phòng Giáo dục và Đào tạo"]
    assert [u.name for u in list_units(db, "gd&dt")] == ["Phòng Giáo dục và Đào tạo"]
    assert [u.name for u in list_units(db, "son binh mam")] == ["Trường Mầm non Sơn Bình"]
    assert len(list_units(db, "phong")) == 2
    assert list_units(db, "phong y te") == []


def test_search_treats_like_wildcards_literally(db):
    save_unit(db, Unit("Trường Tiểu học số 1"))
    assert list_units(db, "%") == []
    assert list_units(db, "_") == []


def test_units_are_listed_in_vietnamese_alphabetical_order(db):
    names = ["Trường Đông Sơn", "Trường Ân Thi", "Trường Bình Minh", "Trường An Bình", "Trường Dương Hà"]
    for name in names:
        save_unit(db, Unit(name))
    assert [u.name for u in list_units(db)] == [
        "Trường An Bình",
        "Trường Ân Thi",
        "Trường Bình Minh",
        "Trường Dương Hà",
        "Trường Đông Sơn",
    ]


def test_find_unit_matches_name_or_short_name_ignoring_diacritics(db):
    unit = save_unit(db, Unit("Phòng Giáo dục và Đào tạo", short_name="Phòng GD&ĐT"))
    assert find_unit(db, "phong giao duc va dao tao") == unit
    assert find_unit(db, "  PHÒNG GD&ĐT ") == unit
    assert find_unit(db, "Phòng Giáo dục") is None
    assert find_unit(db, "") is None


def test_find_unit_refuses_to_guess_between_units_with_the_same_name(db):
    save_unit(db, Unit("Trường Tiểu học Kim Đồng"))
    save_unit(db, Unit("Trường Tiểu học Kim Đồng", notes="ở xã khác"))
    with pytest.raises(StorageError, match="Kim Đồng"):
        find_unit(db, "truong tieu hoc kim dong")


def test_group_members_are_set_and_listed_in_order(db):
    group = save_unit(db, Unit("UBND các xã, thị trấn", is_group=True))
    a = save_unit(db, Unit("UBND xã Sơn Bình", kind_code="ubnd_xa"))
    b = save_unit(db, Unit("UBND xã Bình Lư", kind_code="ubnd_xa"))
    set_group_members(db, group.id, [b.id, a.id])
    assert group_members(db, group.id) == [b, a]
    set_group_members(db, group.id, [a.id])
    assert group_members(db, group.id) == [a]


def test_members_can_only_be_set_on_a_group_and_not_be_groups(db):
    unit = save_unit(db, Unit("Phòng Nội vụ"))
    group = save_unit(db, Unit("Các phòng", is_group=True))
    other_group = save_unit(db, Unit("Các trường", is_group=True))
    with pytest.raises(StorageError, match="Phòng Nội vụ"):
        set_group_members(db, unit.id, [group.id])
    with pytest.raises(StorageError, match="Các trường"):
        set_group_members(db, group.id, [other_group.id])


def test_an_unknown_member_leaves_the_group_as_it_was(db):
    group = save_unit(db, Unit("Các phòng", is_group=True))
    a = save_unit(db, Unit("Phòng Nội vụ"))
    b = save_unit(db, Unit("Phòng Tư pháp"))
    set_group_members(db, group.id, [a.id])
    with pytest.raises(StorageError, match="9999"):
        set_group_members(db, group.id, [b.id, 9999])
    assert group_members(db, group.id) == [a]


def test_a_group_that_stops_being_a_group_loses_its_members(db):
    group = save_unit(db, Unit("Các phòng", is_group=True))
    a = save_unit(db, Unit("Phòng Nội vụ"))
    set_group_members(db, group.id, [a.id])
    save_unit(db, Unit("Các phòng", is_group=False, id=group.id))
    assert group_members(db, group.id) == []


def test_a_unit_with_assignments_cannot_be_deleted(db):
    unit = save_unit(db, Unit("Phòng Giáo dục và Đào tạo"))
    plan = save_plan(db, Plan("Chuyển đổi số", number="367", symbol="KH-UBND", issued_year=2025))
    task = save_task(db, Task(plan.id, "Rà soát hạ tầng"))
    set_assignments(db, task.id, [(unit.id, Role.LEAD, None)])
    with pytest.raises(StorageError, match="Phòng Giáo dục và Đào tạo") as error:
        delete_unit(db, unit.id)
    assert "1 nhiệm vụ" in str(error.value)
    assert get_unit(db, unit.id) == unit


def test_deleting_a_free_unit_removes_it_from_its_groups(db):
    group = save_unit(db, Unit("Các phòng", is_group=True))
    a = save_unit(db, Unit("Phòng Nội vụ"))
    b = save_unit(db, Unit("Phòng Tư pháp"))
    set_group_members(db, group.id, [a.id, b.id])
    delete_unit(db, a.id)
    assert group_members(db, group.id) == [b]
    with pytest.raises(StorageError, match=str(a.id)):
        get_unit(db, a.id)


def test_deleting_a_parent_unit_keeps_its_subordinates(db):
    upper = save_unit(db, Unit("UBND huyện"))
    lower = save_unit(db, Unit("Phòng Nội vụ", parent_id=upper.id))
    delete_unit(db, upper.id)
    assert get_unit(db, lower.id).parent_id is None


def test_a_picker_reads_the_first_matches_only_and_may_leave_groups_out(db):
    from core.model import Unit
    from storage.units import list_units, save_unit

    for number in range(1, 31):
        save_unit(db, Unit(name=f"Trường Tiểu học số {number:02d}"))
    save_unit(db, Unit(name="Các trường tiểu học", is_group=True))
    first = list_units(db, "tieu hoc", limit=5)
    assert len(first) == 5 and [u.name for u in first] == sorted(u.name for u in first)
    assert all(not unit.is_group for unit in list_units(db, "truong", groups=False))
    assert any(unit.is_group for unit in list_units(db, "truong"))
