"""The unit directory: add and edit through the dialog, search, filter, groups, guarded deletion."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.model import Plan, Role, Task, Unit
from gui.dialogs.unit_dialog import UnitDialog
from gui.models.unit_table import COL_GROUP, COL_NAME, GROUP_KIND
from gui.views.units import UnitsScreen
from storage import units as unit_store
from storage.assignments import set_assignments
from storage.database import StorageError
from storage.plans import save_plan
from storage.tasks import save_task


def _fill_and_accept(fill):
    """Replace UnitDialog.exec: fill the real widgets, press Lưu, report what the dialog decided."""

    def exec_(dialog: UnitDialog) -> int:
        fill(dialog)
        dialog.accept()
        return dialog.result()

    return exec_


def _choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, f"{data!r} is not offered"
    combo.setCurrentIndex(index)


def shown_names(screen: UnitsScreen) -> list[str]:
    proxy = screen.proxy
    return [proxy.index(row, COL_NAME).data() for row in range(proxy.rowCount())]


def current_name(screen: UnitsScreen) -> str | None:
    row = screen.current_row()
    return row.unit.name if row else None


@pytest.fixture
def sample_units(db):
    """A slice of the units the sample plans address."""
    save = unit_store.save_unit
    huyen = save(db, Unit("UBND huyện Phong Thổ", "UBND huyện", "ubnd_huyen_tinh"))
    units = {
        "huyen": huyen,
        "gd": save(db, Unit("Phòng Giáo dục và Đào tạo", "Phòng GD&ĐT", "phong_ban", huyen.id)),
        "nv": save(db, Unit("Phòng Nội vụ", "", "phong_ban", huyen.id)),
        "sung_phai": save(db, Unit("UBND xã Sùng Phài", "", "ubnd_xa", huyen.id)),
        "san_thang": save(db, Unit("UBND xã San Thàng", "", "ubnd_xa", huyen.id)),
        "th_san_thang": save(db, Unit("Trường Tiểu học San Thàng", "TH San Thàng", "tieu_hoc")),
        "mn_sung_phai": save(db, Unit("Trường Mầm non Sùng Phài", "MN Sùng Phài", "mam_non")),
    }
    return units


@pytest.fixture
def screen(qtbot, context, sample_units):
    widget = UnitsScreen(context)
    qtbot.addWidget(widget)
    return widget


def test_new_database_offers_unit_kinds_but_holds_no_units(qtbot, context, db):
    screen = UnitsScreen(context)
    qtbot.addWidget(screen)

    assert unit_store.list_units(db) == []
    assert screen.model.rowCount() == 0
    assert screen.list_stack.currentWidget() is screen.empty_label
    assert "Chưa có đơn vị nào" in screen.empty_label.text()
    assert "Thêm đơn vị" in screen.empty_label.text()
    filter_items = [screen.kind_filter.itemText(i) for i in range(screen.kind_filter.count())]
    assert filter_items[0] == "Tất cả loại"
    assert filter_items[-1] == "Nhóm đơn vị"
    assert {"Trường tiểu học", "UBND xã, phường, thị trấn", "Phòng, ban chuyên môn"} <= set(filter_items)
    assert not screen.edit_button.isEnabled()
    assert not screen.delete_button.isEnabled()

    dialog = UnitDialog(db)
    qtbot.addWidget(dialog)
    offered = [dialog.kind_combo.itemText(i) for i in range(dialog.kind_combo.count())]
    assert "Trường tiểu học" in offered
    assert dialog.parent_combo.count() == 1  # only "(không trực thuộc đơn vị nào)"


def test_unit_added_through_the_dialog_is_stored_shown_and_selected(screen, db, sample_units, monkeypatch):
    def fill(dialog: UnitDialog) -> None:
        dialog.name_edit.setText("  Phòng Tài chính -  Kế hoạch ")
        dialog.short_edit.setText("Phòng TC-KH")
        _choose(dialog.kind_combo, "phong_ban")
        _choose(dialog.parent_combo, sample_units["huyen"].id)

    monkeypatch.setattr(UnitDialog, "exec", _fill_and_accept(fill))
    screen.add_unit()

    stored = unit_store.find_unit(db, "phong tai chinh - ke hoach")
    assert stored == Unit(
        "Phòng Tài chính - Kế hoạch", "Phòng TC-KH", "phong_ban", sample_units["huyen"].id, id=stored.id
    )
    assert "Phòng Tài chính - Kế hoạch" in shown_names(screen)
    assert current_name(screen) == "Phòng Tài chính - Kế hoạch"
    assert screen.detail_info.text().startswith("Phòng, ban chuyên môn")


def test_editing_a_unit_changes_it_in_place(screen, db, sample_units, monkeypatch):
    nv = sample_units["nv"]
    screen.select_unit(nv.id)

    def fill(dialog: UnitDialog) -> None:
        assert dialog.name_edit.text() == "Phòng Nội vụ"
        assert dialog.parent_combo.currentData() == sample_units["huyen"].id
        dialog.short_edit.setText("PNV")
        dialog.notes_edit.setPlainText("Đầu mối cải cách hành chính")

    monkeypatch.setattr(UnitDialog, "exec", _fill_and_accept(fill))
    screen.edit_unit()

    assert unit_store.get_unit(db, nv.id) == Unit(
        "Phòng Nội vụ",
        "PNV",
        "phong_ban",
        sample_units["huyen"].id,
        notes="Đầu mối cải cách hành chính",
        id=nv.id,
    )
    assert len(unit_store.list_units(db)) == len(sample_units)
    assert current_name(screen) == "Phòng Nội vụ"
    assert "PNV" in screen.detail_info.text()


def test_keyboard_f2_edits_and_delete_asks(qtbot, screen, db, sample_units, monkeypatch):
    screen.resize(1000, 600)
    with qtbot.waitActive(screen):  # shortcuts only fire in the active window
        screen.show()
        screen.activateWindow()
    screen.table.setFocus()
    screen.select_unit(sample_units["nv"].id)
    opened: list[str] = []
    monkeypatch.setattr(UnitDialog, "exec", lambda dialog: opened.append(dialog.name_edit.text()) or 0)
    asked: list[str] = []

    def no(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)

    qtbot.keyClick(screen.table, Qt.Key.Key_F2)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)

    assert opened == ["Phòng Nội vụ", "Phòng Nội vụ"]
    assert asked == ["Xóa đơn vị «Phòng Nội vụ»?"]
    assert unit_store.get_unit(db, sample_units["nv"].id).name == "Phòng Nội vụ"


def test_a_name_already_used_is_refused_with_a_clear_message(qtbot, screen, db, sample_units, monkeypatch):
    dialogs: list[UnitDialog] = []

    def fill(dialog: UnitDialog) -> None:
        dialogs.append(dialog)
        dialog.name_edit.setText("PHONG GIAO DUC VA DAO TAO")

    monkeypatch.setattr(UnitDialog, "exec", _fill_and_accept(fill))
    screen.add_unit()

    assert dialogs[0].result() == UnitDialog.DialogCode.Rejected  # still open: nothing was accepted
    assert dialogs[0].error_label.text().startswith("Đã có đơn vị «Phòng Giáo dục và Đào tạo»")
    assert len(unit_store.list_units(db)) == len(sample_units)


def test_an_empty_name_is_refused(qtbot, db):
    dialog = UnitDialog(db)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("   ")
    dialog.accept()
    assert dialog.result() == UnitDialog.DialogCode.Rejected
    assert dialog.error_label.text() == "Hãy nhập tên đơn vị."
    assert unit_store.list_units(db) == []


def test_parent_choices_leave_out_the_unit_itself_and_units_under_it(qtbot, db, sample_units):
    dialog = UnitDialog(db, sample_units["huyen"])
    qtbot.addWidget(dialog)
    offered = {dialog.parent_combo.itemData(i) for i in range(dialog.parent_combo.count())}
    assert offered == {None, sample_units["th_san_thang"].id, sample_units["mn_sung_phai"].id}


def test_search_without_diacritics_finds_the_unit(screen):
    screen.search.setText("phong giao duc")
    assert shown_names(screen) == ["Phòng Giáo dục và Đào tạo"]
    assert current_name(screen) == "Phòng Giáo dục và Đào tạo"
    assert screen.count_label.text().startswith("Đang hiện 1 trong số 7")

    screen.search.setText("khong co don vi nay")
    assert screen.list_stack.currentWidget() is screen.empty_label
    assert "Không có đơn vị nào khớp" in screen.empty_label.text()
    assert screen.current_row() is None

    screen.search.clear()
    assert len(shown_names(screen)) == 7


def test_kind_filter_shows_one_kind(screen, monkeypatch):
    _choose(screen.kind_filter, "ubnd_xa")
    assert shown_names(screen) == ["UBND xã San Thàng", "UBND xã Sùng Phài"]
    _choose(screen.kind_filter, "tieu_hoc")
    assert shown_names(screen) == ["Trường Tiểu học San Thàng"]
    offered_kind: list[str] = []
    monkeypatch.setattr(
        UnitDialog, "exec", lambda dialog: offered_kind.append(dialog.kind_combo.currentData()) or 0
    )
    screen.add_unit()
    assert offered_kind == ["tieu_hoc"]  # a new unit starts with the kind being looked at
    _choose(screen.kind_filter, None)
    assert shown_names(screen)[0] == "Phòng Giáo dục và Đào tạo"  # Vietnamese order by default
    assert len(shown_names(screen)) == 7


def test_group_made_with_ticked_members_shows_its_member_count(screen, db, sample_units, monkeypatch):
    def fill(dialog: UnitDialog) -> None:
        assert dialog.kind_combo.isHidden()  # groups have no kind of their own
        dialog.name_edit.setText("UBND các xã, thị trấn")
        assert dialog.select_kind("ubnd_xa") == 2
        dialog.member_search.setText("giao duc")
        dialog.visible_button.click()  # ticks only what the filter shows
        assert dialog.count_label.text() == "Đã chọn 3 đơn vị"

    monkeypatch.setattr(UnitDialog, "exec", _fill_and_accept(fill))
    screen.add_group()

    group = unit_store.find_unit(db, "UBND cac xa, thi tran")
    assert group.is_group
    members = {unit.name for unit in unit_store.group_members(db, group.id)}
    assert members == {"UBND xã Sùng Phài", "UBND xã San Thàng", "Phòng Giáo dục và Đào tạo"}
    assert current_name(screen) == "UBND các xã, thị trấn"
    row = screen.model.row_of(group.id)
    assert screen.model.index(row, COL_GROUP).data() == "Nhóm · 3 đơn vị"
    assert screen.related_label.text() == "Thành viên (3 đơn vị):"
    assert screen.related_model.stringList() == [
        "Phòng Giáo dục và Đào tạo",
        "UBND xã San Thàng",
        "UBND xã Sùng Phài",
    ]

    _choose(screen.kind_filter, GROUP_KIND)
    assert shown_names(screen) == ["UBND các xã, thị trấn"]
    _choose(screen.kind_filter, None)
    screen.select_unit(sample_units["sung_phai"].id)
    assert screen.related_label.text() == "Thuộc 1 nhóm:"
    assert screen.related_model.stringList() == ["UBND các xã, thị trấn"]


def test_editing_a_group_shows_its_members_ticked_and_saves_changes(screen, db, sample_units, monkeypatch):
    group = unit_store.save_unit(db, Unit("Các trường học trực thuộc", is_group=True))
    unit_store.set_group_members(db, group.id, [sample_units["th_san_thang"].id])
    screen.refresh()
    screen.select_unit(group.id)

    def fill(dialog: UnitDialog) -> None:
        assert dialog.checked_member_ids() == [sample_units["th_san_thang"].id]
        assert dialog.select_kind("mam_non") == 1

    monkeypatch.setattr(UnitDialog, "exec", _fill_and_accept(fill))
    screen.edit_unit()

    assert {u.name for u in unit_store.group_members(db, group.id)} == {
        "Trường Tiểu học San Thàng",
        "Trường Mầm non Sùng Phài",
    }
    assert screen.model.index(screen.model.row_of(group.id), COL_GROUP).data() == "Nhóm · 2 đơn vị"


def test_group_and_members_are_saved_together_or_not_at_all(screen, db, sample_units, monkeypatch):
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: errors.append(text))

    def broken(db, group_id, member_ids):
        raise StorageError("Danh sách thành viên không hợp lệ")

    monkeypatch.setattr(unit_store, "set_group_members", broken)

    def fill(dialog: UnitDialog) -> None:
        dialog.name_edit.setText("UBND các xã, phường")
        dialog.select_kind("ubnd_xa")

    monkeypatch.setattr(UnitDialog, "exec", _fill_and_accept(fill))
    screen.add_group()

    assert errors == ["Danh sách thành viên không hợp lệ"]
    assert unit_store.find_unit(db, "UBND các xã, phường") is None
    assert "UBND các xã, phường" not in shown_names(screen)


def test_deleting_a_unit_used_by_an_assignment_is_refused_and_changes_nothing(
    screen, db, sample_units, monkeypatch
):
    plan = save_plan(
        db, Plan("Kế hoạch thực hiện chuyển đổi số ngành giáo dục năm 2025", number="367", symbol="KH-UBND")
    )
    task = save_task(db, Task(plan.id, "Rà soát hạ tầng công nghệ thông tin các trường học"))
    gd = sample_units["gd"]
    set_assignments(db, task.id, [(gd.id, Role.LEAD, None)])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: errors.append(text))
    screen.refresh()
    screen.select_unit(gd.id)

    screen.delete_unit()

    assert len(errors) == 1
    assert "Phòng Giáo dục và Đào tạo" in errors[0] and "đang được giao" in errors[0]
    assert unit_store.get_unit(db, gd.id) == gd
    assert "Phòng Giáo dục và Đào tạo" in shown_names(screen)
    assert current_name(screen) == "Phòng Giáo dục và Đào tạo"


def test_deleting_an_unused_unit_after_confirming_removes_it(screen, db, sample_units, monkeypatch):
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    nv = sample_units["nv"]
    screen.select_unit(nv.id)

    screen.delete_unit()  # answered No
    assert unit_store.get_unit(db, nv.id) == nv

    screen.delete_unit()  # answered Yes
    assert all(unit.id != nv.id for unit in unit_store.list_units(db))
    assert "Phòng Nội vụ" not in shown_names(screen)
    assert len(shown_names(screen)) == len(sample_units) - 1


def test_screen_reloads_when_units_change_elsewhere(screen, context, db):
    unit_store.save_unit(db, Unit("Phòng Tài chính - Kế hoạch", kind_code="phong_ban"))
    assert "Phòng Tài chính - Kế hoạch" not in shown_names(screen)
    context.changed("units")
    assert "Phòng Tài chính - Kế hoạch" in shown_names(screen)


def test_column_widths_and_splitter_are_remembered(qtbot, context, sample_units, settings):
    first = UnitsScreen(context)
    qtbot.addWidget(first)
    first.table.horizontalHeader().resizeSection(COL_NAME, 333)
    first.save_state(settings)
    second = UnitsScreen(context)
    qtbot.addWidget(second)
    second.restore_state(settings)
    assert second.table.horizontalHeader().sectionSize(COL_NAME) == 333
