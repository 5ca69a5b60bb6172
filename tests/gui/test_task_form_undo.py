"""Ctrl+Z / Ctrl+Y over saved task edits, and the form used with the keyboard alone."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from core.model import Role, Task, WorkState
from core.paths import attachments_dir
from gui.dialogs.task.dialog import TaskDialog
from gui.dialogs.task.undo import REDO_SOURCE, UNDO_SOURCE, undo_or_redo
from gui.main_window import MainWindow
from storage.assignments import list_assignments, progress_history
from storage.attachments import TRASH_FOLDER, list_attachments
from storage.tasks import delete_task, get_task, list_tasks, save_task
from tests.gui.task_form_data import build_world, enter_progress, occurrence, open_form, write_file


@pytest.fixture
def world(context):
    return build_world(context.db)


def _save(dialog: TaskDialog) -> None:
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def _undo(context, *, redo=False) -> bool:
    return undo_or_redo(None, context.undo_stack, redo=redo)


def test_undo_and_redo_of_a_task_edit(context, world):
    changes = []
    context.data_changed.connect(changes.append)
    dialog = open_form(context, world, world.task)
    dialog.content_edit.setPlainText("Rà soát, sắp xếp lại toàn bộ điểm trường")
    dialog.timeframe_edit.setText("Quý III/2025")
    _save(dialog)
    assert context.undo_stack.undoText() == "sửa nhiệm vụ III.1"

    assert _undo(context)
    restored = get_task(context.db, world.task.id)
    assert (restored.content, restored.timeframe_text) == ("Rà soát, sắp xếp điểm trường lẻ", "Năm 2025")
    assert changes == ["tasks"]
    assert _undo(context, redo=True)
    again = get_task(context.db, world.task.id)
    assert again.content == "Rà soát, sắp xếp lại toàn bộ điểm trường"
    assert again.timeframe_text == "Quý III/2025"


def test_undoing_a_progress_entry_records_the_old_values_as_a_new_entry(context, world):
    lead = world.unit("Phòng Giáo dục và Đào tạo")
    dialog = open_form(context, world, world.yearly)
    enter_progress(dialog, lead, "2026", state=WorkState.IN_PROGRESS, percent="60", result="Đang rà soát")
    _save(dialog)
    stored = occurrence(context.db, world.yearly.id, lead, "2026")
    assert (stored.state, stored.progress) == (WorkState.IN_PROGRESS, 60)

    assert _undo(context)
    back = occurrence(context.db, world.yearly.id, lead, "2026")
    assert (back.state, back.progress, back.result) == (WorkState.NOT_STARTED, 0, "")
    history = progress_history(context.db, back.id)
    assert [(h.source, h.progress) for h in history] == [("GUI", 60), (UNDO_SOURCE, 0)]  # nothing erased

    assert _undo(context, redo=True)
    assert occurrence(context.db, world.yearly.id, lead, "2026").progress == 60
    assert progress_history(context.db, back.id)[-1].source == REDO_SOURCE
    assert occurrence(context.db, world.yearly.id, lead, "2025").progress == 0  # the other year untouched


def test_undoing_a_new_task_deletes_it_and_redo_brings_it_back_where_it_was(context, world):
    dialog = TaskDialog(context, world.plan, Task(plan_id=world.plan.id, content="", ordinal="2",
                                                  parent_id=world.section.id), place_after=world.task)
    dialog.content_edit.setPlainText("Nhiệm vụ chen giữa")
    dialog.add_units(Role.LEAD, [world.units["Phòng Nội vụ"]])
    _save(dialog)
    order = ["Phát triển mạng lưới cơ sở giáo dục", "Rà soát, sắp xếp điểm trường lẻ", "Nhiệm vụ chen giữa",
             "Xây dựng kế hoạch phát triển giáo dục hằng năm"]
    assert [row.task.content for row in list_tasks(context.db, world.plan.id)] == order

    assert _undo(context)
    assert "Nhiệm vụ chen giữa" not in [row.task.content for row in list_tasks(context.db, world.plan.id)]
    assert _undo(context, redo=True)
    rows = list_tasks(context.db, world.plan.id)
    assert [row.task.content for row in rows] == order
    recreated = rows[2].task
    assert [row.unit_name for row in list_assignments(context.db, recreated.id)] == ["Phòng Nội vụ"]

    # A later edit of the re-created task, undone, then the creation undone: the ids still line up.
    edit = open_form(context, world, recreated)
    edit.notes_edit.setPlainText("Ghi chú thêm")
    _save(edit)
    assert _undo(context) and get_task(context.db, recreated.id).notes == ""
    assert _undo(context)
    assert len(list_tasks(context.db, world.plan.id)) == 3


def test_undoing_a_change_of_parent_puts_the_task_back_in_its_place(context, world):
    dialog = open_form(context, world, world.task)
    dialog.parent_combo.setCurrentIndex(dialog.parent_combo.findData(None))
    _save(dialog)
    assert [row.path for row in list_tasks(context.db, world.plan.id)] == ["III", "III.2", "1"]
    assert _undo(context)
    rows = list_tasks(context.db, world.plan.id)
    assert [(row.task.id, row.path) for row in rows] == [
        (world.section.id, "III"), (world.task.id, "III.1"), (world.yearly.id, "III.2")]


def test_undoing_the_creation_of_a_task_that_got_children_meanwhile_is_refused(context, world, monkeypatch):
    dialog = TaskDialog(context, world.plan, Task(plan_id=world.plan.id, content="", ordinal="IV"))
    dialog.content_edit.setPlainText("Mục mới")
    _save(dialog)
    [new] = [row.task for row in list_tasks(context.db, world.plan.id) if row.task.content == "Mục mới"]
    save_task(context.db, Task(world.plan.id, "Việc con thêm trên màn hình", parent_id=new.id))
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert not _undo(context)
    assert shown == ["Không hoàn tác được việc thêm nhiệm vụ IV: nhiệm vụ này đã có nhiệm vụ con"]
    assert len(list_tasks(context.db, world.plan.id)) == 5


def test_undoing_an_attachment_moves_it_aside_and_redo_restores_it(context, world, tmp_path):
    lead = world.unit("Phòng Giáo dục và Đào tạo")
    source = write_file(tmp_path, "Biên bản kiểm tra.pdf", b"%PDF bien ban")
    dialog = open_form(context, world, world.task)
    dialog.progress_panel.select(lead)
    dialog.progress_panel.evidence.add_files([source])
    _save(dialog)
    stored = occurrence(context.db, world.task.id, lead)
    [first] = list_attachments(context.db, stored.id)

    assert _undo(context)
    assert list_attachments(context.db, stored.id) == []
    trash = attachments_dir(context.db_path) / TRASH_FOLDER / str(stored.id)
    assert (trash / "Biên bản kiểm tra.pdf").is_file()
    assert _undo(context, redo=True)
    [again] = list_attachments(context.db, stored.id)
    assert (again.file_name, again.sha256) == (first.file_name, first.sha256)


def test_undoing_the_removal_of_a_unit_brings_back_its_progress_and_files(context, world, tmp_path):
    lead = world.unit("Phòng Giáo dục và Đào tạo")
    dialog = open_form(context, world, world.task)
    enter_progress(dialog, lead, state=WorkState.DONE, completed=date(2025, 9, 1), result="Xong")
    dialog.progress_panel.evidence.add_files([write_file(tmp_path, "ket-qua.docx", b"PK ket qua")])
    _save(dialog)

    dialog = open_form(context, world, world.task)
    dialog.add_units(Role.LEAD, [world.units["Phòng Nội vụ"]])
    dialog.lead_list.list.setCurrentRow(0)
    dialog.lead_list.remove_button.click()
    _save(dialog)
    assert [row.unit_name for row in list_assignments(context.db, world.task.id)] == ["Phòng Nội vụ"]

    assert _undo(context)
    assert [row.unit_name for row in list_assignments(context.db, world.task.id)] == [
        "Phòng Giáo dục và Đào tạo"]
    back = occurrence(context.db, world.task.id, lead)
    assert (back.state, back.progress, back.completed_on, back.result) == (
        WorkState.DONE, 100, date(2025, 9, 1), "Xong")
    assert [a.file_name for a in list_attachments(context.db, back.id)] == ["ket-qua.docx"]


def test_an_undo_that_cannot_apply_says_why_changes_nothing_and_leaves_the_stack(context, world, monkeypatch):
    dialog = open_form(context, world, world.task)
    dialog.notes_edit.setPlainText("Sẽ bị xóa")
    _save(dialog)
    delete_task(context.db, world.task.id)  # deleted on the task screen meanwhile (not undoable)
    before = list(context.db.conn.iterdump())
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert not _undo(context)
    assert shown and "Không tìm thấy nhiệm vụ" in shown[0]
    assert list(context.db.conn.iterdump()) == before
    assert context.undo_stack.count() == 0 and not context.undo_stack.canRedo()


def test_opening_another_file_forgets_the_undo_history(context, world, tmp_path):
    from storage.database import open_database

    dialog = open_form(context, world, world.task)
    dialog.notes_edit.setPlainText("Ghi chú")
    _save(dialog)
    context.replace_database(open_database(tmp_path / "khac.sqlite3"), tmp_path / "khac.sqlite3")
    assert not context.undo_stack.canUndo()


def _activate(qtbot, widget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def test_ctrl_z_in_the_main_window_undoes_a_save_but_in_a_text_field_undoes_typing(qtbot, context, world):
    window = MainWindow(context)
    qtbot.addWidget(window)
    dialog = open_form(context, world, world.task)
    dialog.notes_edit.setPlainText("Ghi chú mới")
    _save(dialog)
    assert window.undo_action.text() == "&Hoàn tác sửa nhiệm vụ III.1" and window.undo_action.isEnabled()
    assert not window.redo_action.isEnabled()

    context.select_plan(world.plan.id)
    window.show_screen("tasks")
    _activate(qtbot, window)
    screen = window.screens["tasks"]
    screen.search.setFocus()
    qtbot.keyClicks(screen.search, "ra soat")
    qtbot.keyClick(screen.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screen.search.text() == ""  # the line edit's own undo
    assert get_task(context.db, world.task.id).notes == "Ghi chú mới"

    screen.tree.setFocus()
    qtbot.keyClick(screen.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert get_task(context.db, world.task.id).notes == ""
    qtbot.keyClick(screen.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert get_task(context.db, world.task.id).notes == "Ghi chú mới"


def test_the_form_is_walked_with_tab_in_reading_order(qtbot, context, world):
    dialog = open_form(context, world, world.yearly)
    qtbot.addWidget(dialog)
    _activate(qtbot, dialog)
    dialog.ordinal_edit.setFocus()
    seen = []
    for _ in range(40):
        widget = QApplication.focusWidget()
        if widget is dialog.ok_button:
            break
        seen.append(widget.objectName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    named = [name for name in seen if name]
    assert named[:6] == ["ordinal", "kind", "parentTask", "title", "content", "notes"]
    order = ["timeframe", "deadlineCheck", "leadUnits", "supportUnits", "ownDeadlineCheck", "progressUnits",
             "progressYear", "progressState", "progressPercent", "completedCheck", "progressResult",
             "evidenceFiles", "progressHistory"]
    assert [name for name in named if name in order] == order
    assert "deadline" not in named  # disabled until "Hạn cụ thể" is ticked: skipped


def test_keyboard_shortcuts_save_and_cancel_the_form(qtbot, context, world):
    dialog = open_form(context, world, world.task)
    qtbot.addWidget(dialog)
    _activate(qtbot, dialog)
    dialog.notes_edit.setFocus()
    qtbot.keyClicks(dialog.notes_edit, "Ghi chu ban phim")
    qtbot.keyClick(dialog.notes_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_task(context.db, world.task.id).notes == "Ghi chu ban phim"

    other = open_form(context, world, world.yearly)
    qtbot.addWidget(other)
    _activate(qtbot, other)
    qtbot.keyClick(other.content_edit, Qt.Key.Key_Escape)  # nothing changed: closes without asking
    assert other.result() == QDialog.DialogCode.Rejected and not other.isVisible()


def test_a_units_difficulties_and_proposals_are_saved_kept_on_reopening_and_undone(context, world):
    lead = world.unit("Phòng Giáo dục và Đào tạo")
    dialog = open_form(context, world, world.yearly)
    enter_progress(dialog, lead, "2026", state=WorkState.IN_PROGRESS, percent="30", result="Đang khảo sát")
    panel = dialog.progress_panel
    panel.difficulties_edit.setPlainText("Thiếu kinh phí khảo sát các điểm trường xa")
    panel.proposals_edit.setPlainText("Đề nghị UBND xã hỗ trợ phương tiện")
    _save(dialog)
    stored = occurrence(context.db, world.yearly.id, lead, "2026")
    assert (stored.difficulties, stored.proposals) == ("Thiếu kinh phí khảo sát các điểm trường xa",
                                                       "Đề nghị UBND xã hỗ trợ phương tiện")  # fmt: skip
    again = open_form(context, world, get_task(context.db, world.yearly.id))
    again.progress_panel.select(lead, "2026")
    assert again.progress_panel.proposals_edit.toPlainText() == "Đề nghị UBND xã hỗ trợ phương tiện"
    # Only the words changed: still a save of its own, in the history.
    again.progress_panel.proposals_edit.setPlainText("Đề nghị hỗ trợ xe đưa đón")
    _save(again)
    assert occurrence(context.db, world.yearly.id, lead, "2026").proposals == "Đề nghị hỗ trợ xe đưa đón"
    assert len(progress_history(context.db, stored.id)) == 2
    assert _undo(context)
    undone = occurrence(context.db, world.yearly.id, lead, "2026")
    assert undone.proposals == "Đề nghị UBND xã hỗ trợ phương tiện"
