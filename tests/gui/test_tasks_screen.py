"""The task screen: build a plan's task tree through the dialog, assign units, reshape, search, delete."""

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from core.model import Plan, Role, Task, TaskKind, Unit
from gui.dialogs.task.dialog import TaskDialog
from gui.dialogs.unit_picker import GROUP_MARKER, UnitPickerDialog
from gui.models.task_tree import (
    COL_CONTENT,
    COL_DEADLINE,
    COL_LEAD,
    COL_ORDINAL,
    COL_STATUS,
    COL_SUPPORT,
    COL_TIMEFRAME,
)
from gui.views.tasks import NO_TASKS_TEXT, TasksScreen
from storage.assignments import list_assignments, set_assignments
from storage.plans import save_plan
from storage.tasks import get_task, list_tasks, save_task
from storage.units import save_unit, set_group_members


@pytest.fixture
def plan(context):
    return save_plan(context.db, Plan(title="Thực hiện Kết luận số 91-KL/TW", number="125", symbol="KH-UBND",
                                      issued_on=date(2025, 3, 10), period_start=date(2025, 1, 1),
                                      period_end=date(2030, 12, 31)))


@pytest.fixture
def units(context):
    names = ("Phòng Giáo dục và Đào tạo", "Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "UBND xã San Thành")
    return {name: save_unit(context.db, Unit(name=name)) for name in names}


@pytest.fixture
def screen(qtbot, context, plan):
    context.select_plan(plan.id)
    widget = TasksScreen(context)
    qtbot.addWidget(widget)
    return widget


def _dialog_doing(fill):
    """Replace TaskDialog.exec: fill the real widgets, press Lưu, return what the dialog decided."""

    def exec_(dialog: TaskDialog) -> int:
        fill(dialog)
        dialog.accept()
        return dialog.result()

    return exec_


def _task(context, plan_id, content, parent=None, **fields) -> Task:
    return save_task(context.db, Task(plan_id=plan_id, content=content,
                                      parent_id=parent.id if parent else None, **fields))


def _cell(screen, task_id, column):
    index = screen.proxy.mapFromSource(screen.model.index_of(task_id, column))
    return index.data(), index


def _paths(context, plan_id):
    return {row.task.content: row.path for row in list_tasks(context.db, plan_id)}


def test_without_a_selected_plan_the_screen_asks_to_choose_one(qtbot, context, plan):
    widget = TasksScreen(context)
    qtbot.addWidget(widget)
    assert widget.stack.currentWidget() is widget.empty_label
    assert widget.empty_label.text().startswith("Chọn một kế hoạch")
    assert not widget.add_action.isEnabled()


def test_a_plan_without_tasks_explains_how_to_start(screen):
    assert screen.stack.currentWidget() is screen.empty_label
    assert screen.empty_label.text() == NO_TASKS_TEXT
    assert screen.add_action.isEnabled() and not screen.edit_action.isEnabled()


def test_plan_chooser_follows_the_selected_plan_and_selects_the_one_chosen(screen, context, plan):
    other = save_plan(context.db, Plan(title="Kế hoạch phổ cập giáo dục", number="7", symbol="KH-PGDĐT"))
    context.changed("plans")
    assert screen.plan_combo.currentData() == plan.id
    assert screen.plan_combo.currentText() == "125/KH-UBND — Thực hiện Kết luận số 91-KL/TW"
    screen.plan_combo.setCurrentIndex(screen.plan_combo.findData(other.id))
    assert context.current_plan_id == other.id
    context.select_plan(plan.id)
    assert screen.plan_combo.currentData() == plan.id


def test_section_and_tasks_added_in_the_dialog_show_their_units_and_timeframe(screen, context, plan, units,
                                                                              monkeypatch):
    def section(dialog: TaskDialog) -> None:
        assert dialog.ordinal_edit.text() == "I"  # the first top-level ordinal is suggested
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(TaskKind.SECTION))
        dialog.content_edit.setPlainText("Tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy đảng")

    monkeypatch.setattr(TaskDialog, "exec", _dialog_doing(section))
    screen.add_action.trigger()

    def task(dialog: TaskDialog) -> None:
        assert dialog.ordinal_edit.text() == "1"  # first child of "I"
        dialog.title_edit.setText("Tuyên truyền")
        dialog.content_edit.setPlainText("Quán triệt Kết luận số 91-KL/TW\nđến cán bộ, giáo viên")
        dialog.timeframe_edit.setText("Năm 2025")
        dialog.add_units(Role.LEAD, [units["Phòng Giáo dục và Đào tạo"]])
        dialog.add_units(Role.SUPPORT, [units["Phòng Nội vụ"], units["UBND xã San Thành"]])

    monkeypatch.setattr(TaskDialog, "exec", _dialog_doing(task))
    screen.add_child_action.trigger()

    rows = list_tasks(context.db, plan.id)
    assert [(row.path, row.task.kind) for row in rows] == [("I", TaskKind.SECTION), ("I.1", TaskKind.TASK)]
    child = rows[1].task
    assert screen.current_task_id() == child.id
    assert _cell(screen, child.id, COL_ORDINAL)[0] == "1"
    assert _cell(screen, child.id, COL_CONTENT)[0] == (
        "Tuyên truyền. Quán triệt Kết luận số 91-KL/TW đến cán bộ, giáo viên")
    assert _cell(screen, child.id, COL_LEAD)[0] == "Phòng Giáo dục và Đào tạo"
    assert _cell(screen, child.id, COL_SUPPORT)[0] == "Phòng Nội vụ, UBND xã San Thành"
    assert _cell(screen, child.id, COL_TIMEFRAME)[0] == "Năm 2025"
    assert _cell(screen, child.id, COL_DEADLINE)[0] == "→ hạn 31/12/2025"
    section_font = _cell(screen, rows[0].task.id, COL_CONTENT)[1].data(Qt.ItemDataRole.FontRole)
    assert section_font is not None and section_font.bold()
    assert screen.stack.currentWidget() is screen.tree


def test_new_task_goes_right_after_the_current_one_with_the_next_ordinal(screen, context, plan, monkeypatch):
    first = _task(context, plan.id, "Nhiệm vụ một", ordinal="1")
    _task(context, plan.id, "Nhiệm vụ hai", ordinal="2")
    context.changed("tasks")
    screen.select_task(first.id)

    def fill(dialog: TaskDialog) -> None:
        assert dialog.ordinal_edit.text() == "2"
        dialog.content_edit.setPlainText("Nhiệm vụ chen giữa")

    monkeypatch.setattr(TaskDialog, "exec", _dialog_doing(fill))
    screen.add_task()
    assert [row.task.content for row in list_tasks(context.db, plan.id)] == [
        "Nhiệm vụ một", "Nhiệm vụ chen giữa", "Nhiệm vụ hai"]


def test_editing_keeps_the_assignments_and_changes_what_was_edited(screen, context, plan, units, monkeypatch):
    task = _task(context, plan.id, "Rà soát cơ sở vật chất", ordinal="1", timeframe_text="Năm 2025")
    set_assignments(context.db, task.id, [(units["Phòng Nội vụ"].id, Role.LEAD, date(2025, 6, 30))])
    context.changed("tasks")

    def fill(dialog: TaskDialog) -> None:
        assert dialog.lead_unit_ids() == [units["Phòng Nội vụ"].id]
        dialog.timeframe_edit.setText("Quý II/2025")
        dialog.add_units(Role.SUPPORT, [units["Phòng Tài chính - Kế hoạch"]])

    monkeypatch.setattr(TaskDialog, "exec", _dialog_doing(fill))
    screen.edit_action.trigger()
    assert get_task(context.db, task.id).timeframe_text == "Quý II/2025"
    rows = {row.unit_name: row.assignment for row in list_assignments(context.db, task.id)}
    assert rows["Phòng Nội vụ"].deadline_override == date(2025, 6, 30)  # the unit's own deadline stays
    assert rows["Phòng Tài chính - Kế hoạch"].role is Role.SUPPORT


def test_a_unit_cannot_be_both_lead_and_support(screen, context, plan, units):
    dialog = screen.make_dialog(Task(plan_id=plan.id, content=""))
    dialog.add_units(Role.LEAD, [units["Phòng Nội vụ"]])
    dialog.add_units(Role.SUPPORT, [units["Phòng Nội vụ"], units["UBND xã San Thành"]])
    assert dialog.lead_unit_ids() == [units["Phòng Nội vụ"].id]
    assert dialog.support_unit_ids() == [units["UBND xã San Thành"].id]
    assert dialog.assignment_message.isVisibleTo(dialog)
    assert "«Phòng Nội vụ» đã là đơn vị chủ trì" in dialog.assignment_message.text()


def test_a_group_is_assigned_as_its_members(screen, context, plan, units):
    group = save_unit(context.db, Unit(name="UBND các xã, phường", is_group=True))
    set_group_members(context.db, group.id, [units["UBND xã San Thành"].id, units["Phòng Nội vụ"].id])
    dialog = screen.make_dialog(Task(plan_id=plan.id, content=""))
    dialog.add_units(Role.LEAD, [group])
    assert sorted(dialog.lead_unit_ids()) == sorted([units["UBND xã San Thành"].id, units["Phòng Nội vụ"].id])
    assert "thêm 2 đơn vị thành viên" in dialog.assignment_message.text()


def test_unit_picker_searches_without_diacritics_and_marks_groups(qtbot, context, units):
    group = save_unit(context.db, Unit(name="Các trường học trực thuộc", is_group=True))
    picker = UnitPickerDialog([*units.values(), group], excluded_ids=[units["Phòng Nội vụ"].id])
    qtbot.addWidget(picker)
    labels = [picker.list.item(row).text() for row in range(picker.list.count())]
    assert "Phòng Nội vụ" not in labels
    assert f"Các trường học trực thuộc {GROUP_MARKER}" in labels
    picker.search.setText("phong giao duc")
    assert [unit.name for unit in picker.visible_units()] == ["Phòng Giáo dục và Đào tạo"]
    assert not picker.ok_button.isEnabled()
    picker.select_units([units["Phòng Giáo dục và Đào tạo"].id, units["UBND xã San Thành"].id])
    # A selected row hidden by the search is not what the user sees chosen.
    assert [unit.name for unit in picker.selected_units()] == ["Phòng Giáo dục và Đào tạo"]
    assert picker.ok_button.isEnabled()


def test_picking_units_through_the_picker_adds_them(screen, plan, units, monkeypatch):
    def choose(picker: UnitPickerDialog) -> int:
        picker.search.setText("ubnd")
        picker.list.selectAll()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(UnitPickerDialog, "exec", choose)
    dialog = screen.make_dialog(Task(plan_id=plan.id, content=""))
    dialog.lead_list.add_button.click()
    assert dialog.lead_unit_ids() == [units["UBND xã San Thành"].id]


def test_dialog_requires_content_and_a_deadline_not_before_the_plan_issue_date(screen, context, plan):
    dialog = screen.make_dialog(Task(plan_id=plan.id, content=""))
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.content_error.text() == "Nhập nội dung nhiệm vụ (bắt buộc)."
    dialog.content_edit.setPlainText("Tổ chức sơ kết")
    dialog.deadline_check.setChecked(True)
    dialog.deadline_edit.setDate(QDate(2025, 3, 1))
    dialog.accept()
    assert "trước ngày ban hành kế hoạch (10/03/2025)" in dialog.deadline_error.text()
    assert list_tasks(context.db, plan.id) == []
    dialog.deadline_edit.setDate(QDate(2025, 12, 15))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    [row] = list_tasks(context.db, plan.id)
    assert row.task.deadline_override == date(2025, 12, 15)


def test_timeframe_reading_follows_the_typing_and_yearly_tasks_show_the_recurrence(screen, context, plan):
    dialog = screen.make_dialog(Task(plan_id=plan.id, content=""))
    dialog.timeframe_edit.setText("Hằng năm")
    assert dialog.timeframe_reading.text() == "→ lặp hằng năm, hạn 31/12"
    dialog.timeframe_edit.setText("khi nào xong")
    assert "chưa hiểu" in dialog.timeframe_reading.text()
    dialog.deadline_check.setChecked(True)
    dialog.deadline_edit.setDate(QDate(2025, 9, 30))
    assert dialog.timeframe_reading.text() == "→ hạn 30/09/2025 (nhập tay)"

    yearly = _task(context, plan.id, "Xây dựng kế hoạch phát triển giáo dục", ordinal="1",
                   timeframe_text="Hằng năm")
    unclear = _task(context, plan.id, "Việc chưa rõ hạn", ordinal="2", timeframe_text="khi nào xong")
    context.changed("tasks")
    assert _cell(screen, yearly.id, COL_DEADLINE)[0] == "→ lặp hằng năm, hạn 31/12"
    text, index = _cell(screen, unclear.id, COL_DEADLINE)
    assert "chưa hiểu" in text
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"


def test_status_column_shows_the_worst_status_of_the_assignments(screen, context, plan, units):
    mixed = _task(context, plan.id, "Việc có một đơn vị trễ hạn", ordinal="1",
                  timeframe_text="Trước ngày 31/12/2099")
    ongoing = _task(context, plan.id, "Việc thường xuyên", ordinal="2", timeframe_text="Thường xuyên")
    set_assignments(context.db, mixed.id, [(units["Phòng Nội vụ"].id, Role.LEAD, None),
                                           (units["UBND xã San Thành"].id, Role.SUPPORT, date(2025, 6, 30))])
    set_assignments(context.db, ongoing.id, [(units["Phòng Nội vụ"].id, Role.LEAD, None)])
    context.changed("tasks")
    text, index = _cell(screen, mixed.id, COL_STATUS)
    assert text == "Quá hạn"
    assert index.data(Qt.ItemDataRole.ToolTipRole).splitlines()[1:] == [
        "Quá hạn: 1", "Đang thực hiện trong hạn: 1"]
    assert _cell(screen, ongoing.id, COL_STATUS)[0] == "Không thời hạn"


def test_indent_outdent_and_moves_change_the_paths(screen, context, plan):
    one = _task(context, plan.id, "Một", ordinal="1")
    two = _task(context, plan.id, "Hai", ordinal="2")
    _task(context, plan.id, "Ba", ordinal="3")
    context.changed("tasks")

    screen.select_task(two.id)
    screen.indent_action.trigger()
    assert _paths(context, plan.id) == {"Một": "1", "Hai": "1.2", "Ba": "3"}
    assert screen.current_task_id() == two.id and screen.outdent_action.isEnabled()

    screen.outdent_action.trigger()
    assert _paths(context, plan.id) == {"Một": "1", "Hai": "2", "Ba": "3"}

    screen.down_action.trigger()
    assert [row.task.content for row in list_tasks(context.db, plan.id)] == ["Một", "Ba", "Hai"]
    assert not screen.down_action.isEnabled()  # now the last one

    screen.select_task(one.id)
    assert not screen.up_action.isEnabled() and not screen.indent_action.isEnabled()
    screen.down_action.trigger()
    assert [row.task.content for row in list_tasks(context.db, plan.id)] == ["Ba", "Một", "Hai"]
    screen.up_action.trigger()
    assert [row.task.content for row in list_tasks(context.db, plan.id)] == ["Một", "Ba", "Hai"]


def test_delete_asks_first_and_removes_the_subtree(screen, context, plan, monkeypatch):
    parent = _task(context, plan.id, "Mục cha", ordinal="I", kind=TaskKind.SECTION)
    child = _task(context, plan.id, "Con", parent, ordinal="1")
    _task(context, plan.id, "Cháu", child, ordinal="a)")
    keep = _task(context, plan.id, "Giữ lại", ordinal="II")
    context.changed("tasks")
    screen.select_task(parent.id)

    questions = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: questions.append(args[2]) or answer)
    screen.delete_action.trigger()
    assert len(list_tasks(context.db, plan.id)) == 4
    assert "cùng 2 nhiệm vụ con" in questions[0]

    answer = QMessageBox.StandardButton.Yes
    screen.delete_action.trigger()
    assert [row.task.id for row in list_tasks(context.db, plan.id)] == [keep.id]
    assert screen.current_task_id() == keep.id


def test_search_without_diacritics_keeps_ancestors_and_descendants(screen, context, plan):
    section = _task(context, plan.id, "Đổi mới, nâng cao chất lượng", ordinal="IV", kind=TaskKind.SECTION)
    match = _task(context, plan.id, "Nâng cao chất lượng Giáo dục mầm non", section, ordinal="1")
    below = _task(context, plan.id, "Huy động trẻ đến lớp", match, ordinal="a)")
    other = _task(context, plan.id, "Tuyển dụng viên chức", section, ordinal="2")
    context.changed("tasks")

    screen.search.setText("giao duc")
    visible = {task_id for task_id in (section.id, match.id, below.id, other.id)
               if screen.proxy.mapFromSource(screen.model.index_of(task_id)).isValid()}
    assert visible == {section.id, match.id, below.id}
    screen.search.setText("khong co dau")
    assert screen.stack.currentWidget() is screen.empty_label
    assert "Không có nhiệm vụ nào khớp «khong co dau»" in screen.empty_label.text()
    screen.search.clear()
    assert screen.proxy.mapFromSource(screen.model.index_of(other.id)).isValid()


def test_collapsed_rows_and_the_current_task_survive_a_reload(screen, context, plan):
    first = _task(context, plan.id, "Mục một", ordinal="I", kind=TaskKind.SECTION)
    _task(context, plan.id, "Con của mục một", first, ordinal="1")
    second = _task(context, plan.id, "Mục hai", ordinal="II", kind=TaskKind.SECTION)
    current = _task(context, plan.id, "Con của mục hai", second, ordinal="1")
    context.changed("tasks")
    assert screen.tree.isExpanded(screen.proxy.mapFromSource(screen.model.index_of(first.id)))

    screen.tree.collapse(screen.proxy.mapFromSource(screen.model.index_of(first.id)))
    screen.select_task(current.id)
    context.changed("tasks")
    assert not screen.tree.isExpanded(screen.proxy.mapFromSource(screen.model.index_of(first.id)))
    assert screen.tree.isExpanded(screen.proxy.mapFromSource(screen.model.index_of(second.id)))
    assert screen.current_task_id() == current.id


def test_column_widths_are_remembered(qtbot, context, plan, settings):
    context.select_plan(plan.id)
    first = TasksScreen(context)
    qtbot.addWidget(first)
    first.tree.header().resizeSection(COL_LEAD, 333)
    first.save_state(settings)
    second = TasksScreen(context)
    qtbot.addWidget(second)
    second.restore_state(settings)
    assert second.tree.header().sectionSize(COL_LEAD) == 333


def test_closing_the_dialog_with_unsaved_changes_asks(screen, plan, monkeypatch):
    dialog = screen.make_dialog(Task(plan_id=plan.id, content="", ordinal="1"))
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected  # nothing typed: closes without asking

    dialog = screen.make_dialog(Task(plan_id=plan.id, content="", ordinal="1"))
    dialog.content_edit.setPlainText("Đã gõ nhưng chưa lưu")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: asked.append(args[2]) or QMessageBox.StandardButton.Cancel)
    dialog.show()
    dialog.reject()
    assert asked and dialog.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Discard)
    dialog.reject()
    assert not dialog.isVisible()


def test_keyboard_shortcuts_reach_the_tree_actions(qtbot, screen, context, plan, monkeypatch):
    _task(context, plan.id, "Một", ordinal="1")
    second = _task(context, plan.id, "Hai", ordinal="2")
    context.changed("tasks")
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    screen.select_task(second.id)
    screen.tree.setFocus()

    qtbot.keyClick(screen.tree, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert _paths(context, plan.id) == {"Một": "1", "Hai": "1.2"}
    qtbot.keyClick(screen.tree, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert _paths(context, plan.id) == {"Một": "1", "Hai": "2"}

    opened: list[TaskDialog] = []
    monkeypatch.setattr(TaskDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    qtbot.keyClick(screen.tree, Qt.Key.Key_Return)
    qtbot.keyClick(screen.tree, Qt.Key.Key_F2)
    qtbot.keyClick(screen.tree, Qt.Key.Key_Insert)
    qtbot.keyClick(screen.tree, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    assert [(d.windowTitle(), d.result_task().parent_id) for d in opened] == [
        ("Sửa nhiệm vụ 2", None), ("Sửa nhiệm vụ 2", None), ("Thêm nhiệm vụ", None),
        ("Thêm nhiệm vụ", second.id)]
    assert opened[2].ordinal_edit.text() == "3"


def test_double_click_opens_the_task_for_editing(qtbot, screen, context, plan, monkeypatch):
    task = _task(context, plan.id, "Nhiệm vụ nhấp đúp", ordinal="1")
    context.changed("tasks")
    screen.show()
    qtbot.waitExposed(screen)
    opened: list[TaskDialog] = []
    monkeypatch.setattr(TaskDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    index = screen.proxy.mapFromSource(screen.model.index_of(task.id, COL_CONTENT))
    where = screen.tree.visualRect(index).center()
    # A real double-click starts with a press; QTest's double-click alone does not send it.
    qtbot.mouseClick(screen.tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(screen.tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert [dialog.content_edit.toPlainText() for dialog in opened] == ["Nhiệm vụ nhấp đúp"]


@pytest.mark.parametrize(("last", "suggested"), [("d)", "đ)"), ("đ)", "e)"), ("e)", "g)")])
def test_a_point_added_after_the_last_one_gets_the_next_vietnamese_letter(screen, context, plan, monkeypatch,
                                                                           last, suggested):
    parent = _task(context, plan.id, "Nhiệm vụ có các điểm", ordinal="1")
    save_task(context.db, Task(plan_id=plan.id, content="Điểm cuối", ordinal=last, parent_id=parent.id))
    context.changed("tasks")
    screen.select_task(parent.id)
    seen: list[str] = []

    def fill(dialog: TaskDialog) -> None:
        seen.append(dialog.ordinal_edit.text())
        dialog.content_edit.setPlainText("Điểm mới")

    monkeypatch.setattr(TaskDialog, "exec", _dialog_doing(fill))
    screen.add_child_task()
    assert seen == [suggested]
    assert [row.task.ordinal for row in list_tasks(context.db, plan.id)][-1] == suggested
