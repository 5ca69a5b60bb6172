"""The unit directory's models: rows, display text, Vietnamese order, filters, member checklist."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from core.model import Unit, UnitKind
from gui.models.sorting import SORT_ROLE
from gui.models.unit_table import (
    COL_GROUP,
    COL_KIND,
    COL_NAME,
    COL_PARENT,
    COL_SHORT,
    GROUP_KIND,
    HEADERS,
    UNIT_ID_ROLE,
    MemberChecklistModel,
    UnitFilterProxy,
    UnitTableModel,
    build_unit_rows,
)

KINDS = [
    UnitKind("phong_ban", "Phòng, ban chuyên môn"),
    UnitKind("ubnd_xa", "UBND xã, phường, thị trấn"),
    UnitKind("tieu_hoc", "Trường tiểu học"),
]
UBND_HUYEN = Unit("UBND huyện Phong Thổ", id=1)
PHONG_GD = Unit("Phòng Giáo dục và Đào tạo", "Phòng GD&ĐT", "phong_ban", parent_id=1, id=2)
PHONG_NV = Unit("Phòng Nội vụ", kind_code="phong_ban", parent_id=1, id=3)
XA_SUNG_PHAI = Unit("UBND xã Sùng Phài", kind_code="ubnd_xa", id=4)
XA_SAN_THANG = Unit("UBND xã San Thàng", kind_code="ubnd_xa", id=5)
TH_SAN_THANG = Unit("Trường Tiểu học San Thàng", "TH San Thàng", "tieu_hoc", id=6)
NHOM_XA = Unit("UBND các xã, phường", is_group=True, id=7)
UNITS = [UBND_HUYEN, PHONG_GD, PHONG_NV, XA_SUNG_PHAI, XA_SAN_THANG, TH_SAN_THANG, NHOM_XA]
MEMBERS = {7: [4, 5]}


@pytest.fixture
def model(qtbot):
    model = UnitTableModel()
    model.set_rows(build_unit_rows(UNITS, KINDS, MEMBERS))
    return model


def cell(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def row_named(model, name: str) -> int:
    return next(r for r in range(model.rowCount()) if cell(model, r, COL_NAME) == name)


def test_model_passes_the_qt_model_tester(model):
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_rows(build_unit_rows(UNITS[:3], KINDS, {}))
    model.set_rows([])
    assert model.rowCount() == 0


def test_columns_show_name_short_name_kind_parent_and_group(model):
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == list(HEADERS)
    row = row_named(model, "Phòng Giáo dục và Đào tạo")
    assert cell(model, row, COL_SHORT) == "Phòng GD&ĐT"
    assert cell(model, row, COL_KIND) == "Phòng, ban chuyên môn"
    assert cell(model, row, COL_PARENT) == "UBND huyện Phong Thổ"
    assert cell(model, row, COL_NAME, UNIT_ID_ROLE) == 2


def test_group_row_counts_its_members_and_members_name_their_groups(model):
    group = row_named(model, "UBND các xã, phường")
    assert cell(model, group, COL_GROUP) == "Nhóm · 2 đơn vị"
    assert cell(model, group, COL_KIND) == "Nhóm đơn vị"
    assert cell(model, group, COL_NAME, Qt.ItemDataRole.FontRole).bold()
    member = row_named(model, "UBND xã Sùng Phài")
    assert cell(model, member, COL_GROUP) == "UBND các xã, phường"
    assert cell(model, row_named(model, "Phòng Nội vụ"), COL_GROUP) == ""


def test_proxy_sorts_names_in_vietnamese_order(model):
    proxy = UnitFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_NAME)
    names = [proxy.index(r, COL_NAME).data() for r in range(proxy.rowCount())]
    # "Phòng G…" before "Phòng N…", "UBND c…" before "UBND h…" before "UBND x…", "San" before "Sùng".
    assert names == [
        "Phòng Giáo dục và Đào tạo",
        "Phòng Nội vụ",
        "Trường Tiểu học San Thàng",
        "UBND các xã, phường",
        "UBND huyện Phong Thổ",
        "UBND xã San Thàng",
        "UBND xã Sùng Phài",
    ]
    assert cell(model, 0, COL_NAME, SORT_ROLE) == cell(model, 0, COL_NAME)


def visible_names(proxy) -> set[str]:
    return {proxy.index(r, COL_NAME).data() for r in range(proxy.rowCount())}


def test_search_ignores_diacritics_case_and_word_order(model):
    proxy = UnitFilterProxy()
    proxy.setSourceModel(model)
    QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    proxy.set_search("phong giao duc")
    assert visible_names(proxy) == {"Phòng Giáo dục và Đào tạo"}
    proxy.set_search("SAN THANG xa")
    assert visible_names(proxy) == {"UBND xã San Thàng"}
    proxy.set_search("gd&dt")  # the short name is searched too
    assert visible_names(proxy) == {"Phòng Giáo dục và Đào tạo"}
    assert proxy.is_filtering()
    proxy.set_search("")
    assert proxy.rowCount() == len(UNITS)
    assert not proxy.is_filtering()


def test_kind_filter_keeps_one_kind_or_only_groups_and_combines_with_search(model):
    proxy = UnitFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_kind("ubnd_xa")
    assert visible_names(proxy) == {"UBND xã Sùng Phài", "UBND xã San Thàng"}
    proxy.set_search("sung")
    assert visible_names(proxy) == {"UBND xã Sùng Phài"}
    proxy.set_search("")
    proxy.set_kind(GROUP_KIND)
    assert visible_names(proxy) == {"UBND các xã, phường"}
    proxy.set_kind(None)
    assert proxy.rowCount() == len(UNITS)


def test_checklist_lists_only_units_and_ticks_by_kind(qtbot):
    checklist = MemberChecklistModel()
    QAbstractItemModelTester(checklist, QAbstractItemModelTester.FailureReportingMode.Fatal)
    checklist.set_units(build_unit_rows(UNITS, KINDS, MEMBERS), [4, 7])
    names = [checklist.index(r).data() for r in range(checklist.rowCount())]
    assert "UBND các xã, phường" not in names  # a group cannot contain a group
    assert checklist.checked_ids() == [4]  # the group's own id is dropped
    assert checklist.kind_counts() == {"phong_ban": 2, "ubnd_xa": 2, "tieu_hoc": 1}

    assert checklist.check_kind("ubnd_xa") == 1
    assert sorted(checklist.checked_ids()) == [4, 5]
    assert checklist.checked_count() == 2


def test_checklist_toggles_through_the_check_state_role_and_clears(qtbot):
    checklist = MemberChecklistModel()
    checklist.set_units(build_unit_rows(UNITS, KINDS, {}), [])
    row = next(r for r in range(checklist.rowCount()) if checklist.index(r).data() == "Phòng Nội vụ")
    index = checklist.index(row)
    assert index.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    with qtbot.waitSignal(checklist.dataChanged):
        assert checklist.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert checklist.checked_ids() == [3]
    assert checklist.set_all(True) == checklist.rowCount() - 1
    assert checklist.set_all(False) == checklist.rowCount()
    assert checklist.checked_ids() == []
