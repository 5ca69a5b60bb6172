"""The task form: open from a row, assign units, enter progress, validate, save in one go, cancel."""

from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QMessageBox

from core.model import Role, Task, Unit, WorkState
from gui.dialogs.task.assignments import AssigneePickerDialog
from gui.dialogs.task.dialog import TaskDialog
from gui.dialogs.task.progress_draft import ProgressDraft, progress_problems
from gui.dialogs.task.progress_panel import NEW_UNIT_TEXT
from gui.dialogs.task.sections import TOP_LEVEL_TEXT
from gui.views.tasks import TasksScreen
from storage.assignments import list_assignments, progress_history
from storage.database import StorageError
from storage.tasks import get_task, list_tasks, save_task
from storage.units import save_unit, set_group_members
from tests.gui.task_form_data import build_world, enter_progress, occurrence, open_form


@pytest.fixture
def world(context):
    return build_world(context.db)


@pytest.fixture
def screen(qtbot, context, world):
    context.select_plan(world.plan.id)
    widget = TasksScreen(context)
    qtbot.addWidget(widget)
    return widget


def _save_through_the_screen(screen, monkeypatch, fill) -> None:
    """Open the current row's form with the screen's own action, fill it, press Lưu."""
    seen = []

    def exec_(dialog: TaskDialog) -> int:
        seen.append(dialog)
        fill(dialog)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(TaskDialog, "exec", exec_)
    screen.edit_action.trigger()
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted


def test_a_unit_added_in_the_form_gets_progress_after_saving_and_it_is_found_on_reopening(
        screen, context, world, monkeypatch):
    screen.select_task(world.task.id)
    nv = world.unit("Phòng Nội vụ")

    def add_unit(dialog: TaskDialog) -> None:
        dialog.add_units(Role.SUPPORT, [world.units["Phòng Nội vụ"]])
        dialog.progress_panel.select(nv)
        assert dialog.progress_panel.notice.text() == NEW_UNIT_TEXT  # no occurrence yet
        assert not dialog.progress_panel.editor.isEnabled()

    _save_through_the_screen(screen, monkeypatch, add_unit)
    assert [row.unit_name for row in list_assignments(context.db, world.task.id)] == [
        "Phòng Giáo dục và Đào tạo", "Phòng Nội vụ"]

    def report(dialog: TaskDialog) -> None:
        enter_progress(dialog, nv, state=WorkState.DONE, completed=date(2025, 6, 20),
                       result="Đã sắp xếp 4 điểm trường lẻ về điểm trường chính")
        assert dialog.progress_panel.progress_edit.text() == "100"  # "Hoàn thành" means all of it

    _save_through_the_screen(screen, monkeypatch, report)
    stored = occurrence(context.db, world.task.id, nv)
    assert (stored.state, stored.progress, stored.completed_on) == (WorkState.DONE, 100, date(2025, 6, 20))
    [entry] = progress_history(context.db, stored.id)
    assert entry.source == "GUI" and entry.result == "Đã sắp xếp 4 điểm trường lẻ về điểm trường chính"

    dialog = open_form(context, world, get_task(context.db, world.task.id))
    dialog.progress_panel.select(nv)
    panel = dialog.progress_panel
    assert panel.state_combo.currentData() == WorkState.DONE
    assert panel.progress_edit.text() == "100"
    assert panel.completed_check.isChecked() and panel.completed_edit.date() == QDate(2025, 6, 20)
    assert panel.result_edit.toPlainText() == "Đã sắp xếp 4 điểm trường lẻ về điểm trường chính"
    assert panel.history_model.rowCount() == 1
    assert not dialog.is_modified()


def test_recurring_task_progress_is_kept_per_year(context, world):
    lead = world.unit("Phòng Giáo dục và Đào tạo")
    dialog = open_form(context, world, world.yearly)
    panel = dialog.progress_panel
    panel.select(lead, "2025")
    assert panel.year_combo.isVisibleTo(dialog)
    assert [panel.year_combo.itemData(row) for row in range(panel.year_combo.count())] == [
        str(year) for year in range(2025, 2031)]
    enter_progress(dialog, lead, "2025", state=WorkState.DONE, completed=date(2025, 12, 10),
                   result="Năm 2025 xong")
    enter_progress(dialog, lead, "2026", state=WorkState.IN_PROGRESS, percent="40", result="Đang xây dựng")
    panel.select(lead, "2025")  # switching back shows what was typed for 2025, not 2026
    assert panel.result_edit.toPlainText() == "Năm 2025 xong"
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    first, second = (occurrence(context.db, world.yearly.id, lead, key) for key in ("2025", "2026"))
    assert (first.state, first.progress, first.result) == (WorkState.DONE, 100, "Năm 2025 xong")
    assert (second.state, second.progress, second.result) == (WorkState.IN_PROGRESS, 40, "Đang xây dựng")
    assert occurrence(context.db, world.yearly.id, lead, "2027").state is WorkState.NOT_STARTED
    assert len(progress_history(context.db, first.id)) == len(progress_history(context.db, second.id)) == 1


@pytest.mark.parametrize(("fill", "label", "message"), [
    ({"percent": "150"}, "progressError", "Tiến độ là số nguyên từ 0 đến 100"),
    ({"percent": "nửa"}, "progressError", "Tiến độ là số nguyên từ 0 đến 100"),
    ({"state": WorkState.DONE}, "completedError", "cần có ngày hoàn thành"),
    ({"state": WorkState.DONE, "percent": "100", "completed": date(2025, 3, 1)}, "completedError",
     "trước ngày ban hành kế hoạch (10/03/2025)"),
    ({"state": WorkState.DONE, "percent": "80", "completed": date(2025, 6, 1)}, "progressError",
     "tiến độ chỉ 80%"),
    ({"state": WorkState.IN_PROGRESS, "completed": date(2025, 6, 1)}, "completedError",
     "Có ngày hoàn thành nhưng trạng thái là «Đang thực hiện»"),
])
def test_a_bad_progress_entry_is_shown_next_to_its_field_and_blocks_saving(qtbot, context, world, fill, label,
                                                                           message):
    lead = world.unit("Phòng Giáo dục và Đào tạo")
    dialog = open_form(context, world, world.yearly)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    enter_progress(dialog, lead, "2026", **fill)
    error = dialog.progress_panel.findChild(type(dialog.progress_panel.notice), label)
    assert message in error.text() and error.isVisible()  # shown while typing
    dialog.progress_panel.select(lead, "2025")  # look elsewhere, then press Lưu
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    panel = dialog.progress_panel
    assert panel.year_combo.currentData() == "2026"  # Save brought the bad entry back into view
    expected = (panel.progress_edit,) if label == "progressError" else (panel.completed_check,
                                                                         panel.completed_edit)
    assert dialog.focusWidget() in expected
    assert progress_history(context.db, occurrence(context.db, world.yearly.id, lead, "2026").id) == []
    dialog.done(QDialog.DialogCode.Rejected)  # close without the unsaved-changes question


def test_progress_rules():
    draft = ProgressDraft(WorkState.IN_PROGRESS, " 45 % ", None, "")
    assert draft.progress_value() == 45 and progress_problems(draft, date(2025, 1, 1)) == {}
    assert ProgressDraft(WorkState.IN_PROGRESS, "-1", None, "").progress_value() is None
    done_early = ProgressDraft(WorkState.DONE, "100", date(2024, 12, 31), "")
    assert "trước ngày ban hành" in progress_problems(done_early, date(2025, 1, 1))["completed_on"]
    assert progress_problems(done_early, None) == {}


def test_cancel_changes_nothing(context, world, monkeypatch):
    lead = world.unit("Phòng Giáo dục và Đào tạo")
    before = list(context.db.conn.iterdump())
    dialog = open_form(context, world, world.yearly)
    dialog.content_edit.setPlainText("Nội dung đã sửa")
    dialog.add_units(Role.SUPPORT, [world.units["Phòng Nội vụ"]])
    enter_progress(dialog, lead, "2025", percent="60", result="Đang làm")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: asked.append(args[2]) or QMessageBox.StandardButton.Discard)
    dialog.reject()
    assert asked and dialog.result() == QDialog.DialogCode.Rejected
    assert list(context.db.conn.iterdump()) == before
    assert context.undo_stack.count() == 0


def test_only_progress_typed_counts_as_a_change_to_ask_about(context, world, monkeypatch):
    dialog = open_form(context, world, world.task)
    assert not dialog.is_modified()
    enter_progress(dialog, world.unit("Phòng Giáo dục và Đào tạo"), percent="10")
    assert dialog.is_modified()
    enter_progress(dialog, world.unit("Phòng Giáo dục và Đào tạo"), percent="0")
    assert not dialog.is_modified()  # typed back to what is stored


def test_parent_chooser_offers_the_plan_tree_without_the_task_and_its_subtree(context, world):
    child = world.task
    below = save_task(context.db, Task(world.plan.id, "Việc con", ordinal="a)", parent_id=child.id))
    dialog = open_form(context, world, child)
    combo = dialog.parent_combo
    offered = [combo.itemData(row) for row in range(combo.count())]
    assert offered == [None, world.section.id, world.yearly.id]
    assert combo.itemText(0) == TOP_LEVEL_TEXT and combo.currentData() == world.section.id
    assert below.id not in offered
    combo.setCurrentIndex(combo.findData(world.yearly.id))
    dialog.accept()
    assert get_task(context.db, child.id).parent_id == world.yearly.id
    assert {row.task.id: row.path for row in list_tasks(context.db, world.plan.id)}[below.id] == "III.2.1.a"


def test_each_unit_keeps_its_own_deadline(context, world):
    finance = world.unit("Phòng Tài chính - Kế hoạch")
    dialog = open_form(context, world, world.yearly)
    dialog.assignment_section.select_unit(finance)
    assert dialog.own_deadline_check.isEnabled()
    dialog.own_deadline_check.setChecked(True)
    dialog.own_deadline_edit.setDate(QDate(2025, 2, 1))
    assert "trước ngày ban hành kế hoạch" in dialog.own_deadline_error.text()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.own_deadline_edit.setDate(QDate(2025, 11, 30))
    assert "hạn riêng 30/11/2025" in dialog.support_list.list.item(0).text()
    dialog.accept()
    rows = {row.assignment.unit_id: row.assignment for row in list_assignments(context.db, world.yearly.id)}
    assert rows[finance].deadline_override == date(2025, 11, 30)
    assert rows[world.unit("Phòng Giáo dục và Đào tạo")].deadline_override is None


@pytest.mark.parametrize("expand", [True, False])
def test_the_picker_lets_the_user_expand_a_group_or_keep_it_whole(context, world, monkeypatch, expand):
    group = save_unit(context.db, Unit(name="UBND các xã, phường", is_group=True))
    set_group_members(context.db, group.id, [world.unit("Phòng Nội vụ"), world.unit("UBND xã San Thành")])

    def choose(picker: AssigneePickerDialog) -> int:
        picker.search.setText("cac xa")  # diacritics optional
        picker.list.selectAll()
        assert picker.expand_check.isVisible() or picker.expand_check.isVisibleTo(picker)
        assert picker.expand_check.isEnabled()
        picker.expand_check.setChecked(expand)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AssigneePickerDialog, "exec", choose)
    dialog = open_form(context, world, world.task)
    dialog.support_list.add_button.click()
    expected = [world.unit("Phòng Nội vụ"), world.unit("UBND xã San Thành")] if expand else [group.id]
    assert dialog.support_unit_ids() == expected
    dialog.accept()
    saved = [row.assignment.unit_id for row in list_assignments(context.db, world.task.id)
             if row.assignment.role is Role.SUPPORT]
    assert saved == expected


def test_a_failed_save_changes_nothing_and_keeps_the_form_open(context, world, monkeypatch):
    lead = world.unit("Phòng Giáo dục và Đào tạo")
    before = list(context.db.conn.iterdump())
    dialog = open_form(context, world, world.task)
    enter_progress(dialog, lead, percent="50")
    dialog.content_edit.setPlainText("Nội dung mới")

    def refuse(*_args):
        raise StorageError("Đơn vị đã bị xóa ở máy khác")

    shown = []
    monkeypatch.setattr("gui.dialogs.task.dialog.set_assignments", refuse)
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    dialog.accept()
    assert shown == ["Đơn vị đã bị xóa ở máy khác"]
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert list(context.db.conn.iterdump()) == before
    assert context.undo_stack.count() == 0
