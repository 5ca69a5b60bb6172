"""The plan chain on screen: which plan implements which, a task's source and what was made from it,
warnings before deleting or changing what other plans derive from, and the wizard's entry points."""

import importlib
import importlib.util
import sys
import types
from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from core.model import BasisDocument, Plan, Role, Task, TaskKind, WorkState
from core.office import Office
from gui.dialogs.task.dialog import TaskDialog
from gui.views.plans import PlansScreen, chain_plan_text
from gui.views.tasks import TasksScreen
from storage.assignments import set_assignments
from storage.chain import DraftTask, derive_plan, source_task
from storage.office import get_office, save_office
from storage.plans import plan_label, save_plan
from storage.tasks import get_task, save_task

WIZARD_MODULE = "gui.dialogs.derive_plan"
REVIEW = "Rà soát, sửa đổi quy chế phối hợp giữa nhà trường và địa phương trong công tác phổ cập giáo dục"
TRAIN = "Tổ chức bồi dưỡng cán bộ quản lý, giáo viên về chương trình giáo dục phổ thông 2018"


@dataclass
class Chain:
    source: Plan  # the plan we received: 740/KH-BCSD
    ours: Plan  # our implementation plan derived from it
    section: Task  # source I.
    review: Task  # source I.1, derived into ours
    train: Task  # source I.2, derived into ours
    other: Task  # source II.1, not ours: nothing derived


@pytest.fixture
def chain(context) -> Chain:
    db = context.db
    save_office(db, Office(name="Phòng Giáo dục và Đào tạo", kind_code="phong_ban", symbol="PGDĐT"))
    office = get_office(db).unit_id
    source = save_plan(db, Plan(title="Thực hiện Kết luận số 91-KL/TW", number="740", symbol="KH-BCSD",
                                issued_on=date(2025, 3, 10), period_start=date(2025, 1, 1),
                                period_end=date(2025, 12, 31)))
    section = save_task(db, Task(plan_id=source.id, content="Nhiệm vụ chung", ordinal="I",
                                 kind=TaskKind.SECTION))
    review = save_task(db, Task(plan_id=source.id, content=REVIEW, ordinal="1", parent_id=section.id,
                                timeframe_text="Quý II/2025"))
    train = save_task(db, Task(plan_id=source.id, content=TRAIN, ordinal="2", parent_id=section.id,
                               timeframe_text="Năm 2025"))
    other_section = save_task(db, Task(plan_id=source.id, content="Tổ chức thực hiện", ordinal="II",
                                       kind=TaskKind.SECTION))
    other = save_task(db, Task(plan_id=source.id, content="Báo cáo kết quả về Ban Cán sự", ordinal="1",
                               parent_id=other_section.id))
    for task in (review, train):
        set_assignments(db, task.id, [(office, Role.LEAD, None)])
    drafts = [DraftTask(content=REVIEW, source_task_id=review.id, lead_ids=(office,)),
              DraftTask(content=TRAIN, source_task_id=train.id, lead_ids=(office,))]
    made = derive_plan(db, source.id, drafts)
    return Chain(source, made.plan, section, review, train, other)


@pytest.fixture
def plans_screen(qtbot, context, chain):
    widget = PlansScreen(context)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _tasks_screen(qtbot, context, plan_id: int) -> tuple[QMainWindow, TasksScreen]:
    context.select_plan(plan_id)
    window = QMainWindow()  # the screen's notes go to its window's status bar
    screen = TasksScreen(context)
    window.setCentralWidget(screen)
    qtbot.addWidget(window)
    return window, screen


def _derived_task(context, chain: Chain, source: Task) -> Task:
    [derived_id] = [row[0] for row in context.db.execute(
        "SELECT id FROM tasks WHERE plan_id = ? AND source_task_id = ?", (chain.ours.id, source.id))]
    return get_task(context.db, derived_id)


def _click_link(qtbot, screen: PlansScreen, line: str, text: str) -> None:
    """Click the words `text` after `line` ("Thực hiện kế hoạch:") in the plan details, as the user would."""
    cursor = screen.details.document().find(f"{line} {text}")
    assert not cursor.isNull(), screen.details.toPlainText()
    cursor.setPosition(cursor.selectionStart() + len(line) + 2)
    qtbot.mouseClick(screen.details.viewport(), Qt.MouseButton.LeftButton,
                     pos=screen.details.cursorRect(cursor).center())


# ----------------------------------------------------------------------------- plans screen

def test_plans_screen_shows_the_chain_both_ways_and_a_link_selects_the_other_plan(qtbot, plans_screen, chain):
    plans_screen.show_plan(chain.source.id)
    assert ("Được thực hiện bởi: /KH-PGDĐT — Thực hiện Kế hoạch số 740/KH-BCSD ngày 10/03/2025"
            in plans_screen.details.toPlainText())
    assert "Thực hiện kế hoạch:" not in plans_screen.details.toPlainText()

    _click_link(qtbot, plans_screen, "Được thực hiện bởi:", chain_plan_text(chain.ours))
    assert plans_screen.current_plan().id == chain.ours.id
    details = plans_screen.details.toPlainText()
    assert "Thực hiện kế hoạch: 740/KH-BCSD — Thực hiện Kết luận số 91-KL/TW" in details

    _click_link(qtbot, plans_screen, "Thực hiện kế hoạch:", chain_plan_text(chain.source))
    assert plans_screen.current_plan().id == chain.source.id


def test_several_implementing_plans_are_listed_one_a_line(qtbot, context, plans_screen, chain):
    school = save_plan(context.db, Plan(title="Kế hoạch thực hiện của Trường THCS San Thành", number="12",
                                        symbol="KH-THCS", issued_on=date(2025, 5, 2)),
                       [BasisDocument("Căn cứ Kế hoạch số 740/KH-BCSD", linked_plan_id=chain.source.id)])
    plans_screen.refresh()
    plans_screen.show_plan(chain.source.id)
    lines = plans_screen.details.toPlainText().splitlines()
    start = lines.index("Được thực hiện bởi: ")
    assert lines[start + 1:start + 3] == [f"• {chain_plan_text(chain.ours)}", f"• {chain_plan_text(school)}"]
    _click_link(qtbot, plans_screen, "•", chain_plan_text(school))
    assert plans_screen.current_plan().id == school.id


def test_a_link_to_a_plan_hidden_by_the_search_clears_the_search(qtbot, plans_screen, chain):
    plans_screen.search.setText("phong giao duc")  # our office issued ours, the source has no issuer
    qtbot.waitUntil(lambda: plans_screen.model.rowCount() == 1)
    plans_screen.show_plan(chain.ours.id)
    _click_link(qtbot, plans_screen, "Thực hiện kế hoạch:", chain_plan_text(chain.source))
    assert plans_screen.search.text() == ""
    assert plans_screen.current_plan().id == chain.source.id


def test_deleting_a_plan_others_implement_warns_that_they_lose_the_link(plans_screen, chain, monkeypatch):
    asked = []
    no = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or no)
    plans_screen.show_plan(chain.source.id)
    plans_screen.delete_plan()
    plans_screen.show_plan(chain.ours.id)
    plans_screen.delete_plan()
    assert f"1 kế hoạch khác thực hiện kế hoạch này ({chain_plan_text(chain.ours)})" in asked[0]
    assert "mất liên kết" in asked[0]
    assert "kế hoạch khác" not in asked[1]  # nothing implements our own plan


# ------------------------------------------------------------------------------ task form

def test_task_form_of_a_derived_task_names_its_source(qtbot, context, chain):
    _, screen = _tasks_screen(qtbot, context, chain.ours.id)
    dialog = screen.make_dialog(_derived_task(context, chain, chain.review))
    qtbot.addWidget(dialog)
    section = dialog.chain_section
    assert section.isVisibleTo(dialog)
    assert section.source_label.text().startswith("Nhiệm vụ nguồn: 740/KH-BCSD mục I.1 — Rà soát, sửa đổi")
    assert section.source_label.text().endswith("…")  # the long content is elided
    assert not section.derived_label.isVisibleTo(dialog)


def test_task_form_of_a_source_task_lists_what_was_made_from_it(qtbot, context, chain):
    _, screen = _tasks_screen(qtbot, context, chain.source.id)
    dialog = screen.make_dialog(chain.train)
    qtbot.addWidget(dialog)
    derived = _derived_task(context, chain, chain.train)
    text = dialog.chain_section.derived_label.text()
    assert dialog.chain_section.derived_label.isVisibleTo(dialog)
    assert text.splitlines()[0] == "Đã triển khai thành: 1 nhiệm vụ"
    assert f"  • {plan_label(chain.ours)} mục {_path(context, derived)} — {TRAIN[:30]}" in text
    assert TRAIN not in text and "…" in text  # one line each in the form; whole in the tooltip
    assert TRAIN in dialog.chain_section.derived_label.toolTip()


def test_task_form_of_a_source_task_says_what_rolls_up_from_it_today(qtbot, context, chain):
    from storage.assignments import list_assignments, list_occurrences, record_progress

    derived = _derived_task(context, chain, chain.train)
    office = get_office(context.db).unit_id
    assignment = next(a.assignment for a in list_assignments(context.db, derived.id)
                      if a.assignment.unit_id == office)  # fmt: skip
    occurrence = list_occurrences(context.db, assignment.id)[0]
    record_progress(context.db, occurrence.id, WorkState.DONE, 100, date(2025, 11, 2), "Đã tập huấn 40 người")
    _, screen = _tasks_screen(qtbot, context, chain.source.id)
    dialog = screen.make_dialog(chain.train)
    qtbot.addWidget(dialog)
    label = dialog.chain_section.rollup_label
    assert label.isVisibleTo(dialog)
    assert label.text().startswith("Tổng hợp đến hôm nay: Hoàn thành đúng hạn. 1/1 đơn vị đã hoàn thành.")
    assert "Đã tập huấn 40 người (02/11/2025)" in label.toolTip()
    other = screen.make_dialog(chain.review)  # derived but nothing reported yet: still a status
    qtbot.addWidget(other)
    assert other.chain_section.rollup_label.text().startswith("Tổng hợp đến hôm nay: Quá hạn.")
    plain = screen.make_dialog(chain.other)
    qtbot.addWidget(plain)
    assert not plain.chain_section.rollup_label.isVisibleTo(plain)


def test_the_tasks_screen_shows_a_passed_down_task_where_the_work_made_from_it_stands(qtbot, context, chain):
    from core.status import DeadlineStatus
    from gui.models.task_tree import COL_STATUS, STATUS_ROLE
    from storage.assignments import list_assignments, list_occurrences, record_progress

    derived = _derived_task(context, chain, chain.train)
    office = get_office(context.db).unit_id
    assignment = next(a.assignment for a in list_assignments(context.db, derived.id)
                      if a.assignment.unit_id == office)  # fmt: skip
    record_progress(context.db, list_occurrences(context.db, assignment.id)[0].id, WorkState.DONE, 100,
                    date(2025, 11, 2), "Xong")  # fmt: skip
    _, screen = _tasks_screen(qtbot, context, chain.source.id)
    # The received task's own assignment (our office, nothing recorded) would say overdue.
    index = screen.model.index_of(chain.train.id, COL_STATUS)
    assert index.data(STATUS_ROLE) == DeadlineStatus.DONE_ON_TIME
    assert index.data() == "Hoàn thành đúng hạn"


def test_a_long_list_of_derived_tasks_is_cut_and_counted(qtbot, context, chain):
    derive_plan(context.db, chain.source.id,
                [DraftTask(content=f"Bồi dưỡng đợt {n}", source_task_id=chain.train.id) for n in range(1, 7)])
    _, screen = _tasks_screen(qtbot, context, chain.source.id)
    dialog = screen.make_dialog(chain.train)
    qtbot.addWidget(dialog)
    lines = dialog.chain_section.derived_label.text().splitlines()
    assert lines[0] == "Đã triển khai thành: 7 nhiệm vụ"
    assert len(lines) == 7 and lines[-1] == "  … và 2 nhiệm vụ khác"
    assert "Bồi dưỡng đợt 6" in dialog.chain_section.derived_label.toolTip()
    assert not dialog.chain_section.source_label.isVisibleTo(dialog)


def test_task_form_of_an_unlinked_task_has_no_link_section(qtbot, context, chain):
    _, screen = _tasks_screen(qtbot, context, chain.source.id)
    dialog = screen.make_dialog(chain.other)
    qtbot.addWidget(dialog)
    assert not dialog.chain_section.isVisibleTo(dialog)


def _path(context, task: Task) -> str:
    return context.db.execute("SELECT path FROM tasks WHERE id = ?", (task.id,)).fetchone()[0]


def _editing(change):
    def exec_(dialog: TaskDialog) -> int:
        change(dialog)
        dialog.accept()
        return dialog.result()

    return exec_


def test_saving_a_changed_source_task_notes_that_derived_tasks_stay(qtbot, context, chain, monkeypatch):
    window, screen = _tasks_screen(qtbot, context, chain.source.id)
    screen.select_task(chain.review.id)
    edit = _editing(lambda dialog: dialog.content_edit.setPlainText(REVIEW + " năm 2025"))
    monkeypatch.setattr(TaskDialog, "exec", edit)
    screen.edit_task()
    assert get_task(context.db, chain.review.id).content.endswith("năm 2025")
    assert window.statusBar().currentMessage() == (
        "1 nhiệm vụ triển khai từ nhiệm vụ này không tự thay đổi theo — hãy xem lại.")


def test_saving_an_unchanged_source_task_or_an_unlinked_one_adds_no_note(qtbot, context, chain, monkeypatch):
    window, screen = _tasks_screen(qtbot, context, chain.source.id)
    screen.select_task(chain.review.id)
    monkeypatch.setattr(TaskDialog, "exec", _editing(lambda d: None))
    screen.edit_task()
    screen.select_task(chain.other.id)
    monkeypatch.setattr(TaskDialog, "exec", _editing(lambda d: d.content_edit.setPlainText("Báo cáo quý")))
    screen.edit_task()
    assert get_task(context.db, chain.other.id).content == "Báo cáo quý"
    assert window.statusBar().currentMessage() == ""


# --------------------------------------------------------------------------- task deletion

def _delete_asking(screen: TasksScreen, task: Task, monkeypatch, answer=QMessageBox.StandardButton.No) -> str:
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer)
    screen.select_task(task.id)
    screen.delete_task()
    [text] = asked
    return text


def test_deleting_a_source_task_warns_that_derived_tasks_lose_the_link(qtbot, context, chain, monkeypatch):
    _, screen = _tasks_screen(qtbot, context, chain.source.id)
    derived = _derived_task(context, chain, chain.review)
    text = _delete_asking(screen, chain.review, monkeypatch, QMessageBox.StandardButton.Yes)
    assert ("1 nhiệm vụ của kế hoạch khác được triển khai từ nhiệm vụ này; chúng vẫn được giữ "
            "nhưng mất liên kết tới nhiệm vụ nguồn.") in text
    assert get_task(context.db, derived.id).content == REVIEW  # kept …
    assert source_task(context.db, derived.id) is None  # … without its source, as the warning said


def test_deleting_a_section_counts_what_was_derived_from_its_subtree(qtbot, context, chain, monkeypatch):
    _, screen = _tasks_screen(qtbot, context, chain.source.id)
    text = _delete_asking(screen, chain.section, monkeypatch)
    # Our copy of the heading and our two tasks were made from it and its tasks.
    assert "3 nhiệm vụ của kế hoạch khác được triển khai từ các nhiệm vụ này" in text


def test_deleting_a_task_nothing_derives_from_has_no_chain_warning(qtbot, context, chain, monkeypatch):
    _, screen = _tasks_screen(qtbot, context, chain.source.id)
    assert "kế hoạch khác" not in _delete_asking(screen, chain.other, monkeypatch)


# ------------------------------------------------------------------------------- the wizard

@pytest.fixture
def wizard(context, monkeypatch):
    """The wizard replaced by one that makes a plan at once; `calls` lists the source plan ids."""
    calls: list[int] = []

    def open_wizard(parent, context_, source_plan_id):
        calls.append(source_plan_id)
        made = save_plan(context_.db, Plan(title="Kế hoạch thực hiện (bản thử)", symbol="KH-PGDĐT",
                                           issued_on=date(2025, 4, 1)))
        return made.id

    if importlib.util.find_spec(WIZARD_MODULE) is not None:
        monkeypatch.setattr(f"{WIZARD_MODULE}.open_derive_plan_wizard", open_wizard)
    else:  # written alongside this screen: stand in for it
        stand_in = types.ModuleType(WIZARD_MODULE)
        stand_in.open_derive_plan_wizard = open_wizard
        monkeypatch.setitem(sys.modules, WIZARD_MODULE, stand_in)
    return calls


def test_the_wizard_action_needs_a_selected_plan(qtbot, context, plans_screen, chain):
    plans_screen.show_plan(chain.source.id)
    assert plans_screen.derive_action.isEnabled()
    assert plans_screen.derive_action.text() == "Xây dựng kế hoạch thực hiện…"
    plans_screen.search.setText("không có kế hoạch nào như thế")
    qtbot.waitUntil(lambda: plans_screen.model.rowCount() == 0)
    assert not plans_screen.derive_action.isEnabled()


def test_the_wizard_from_the_plans_screen_selects_the_new_plan(plans_screen, context, chain, wizard):
    plans_screen.show_plan(chain.source.id)
    plans_screen.derive_action.trigger()
    assert wizard == [chain.source.id]
    assert plans_screen.current_plan().title == "Kế hoạch thực hiện (bản thử)"
    assert context.current_plan_id == plans_screen.current_plan().id


def test_the_wizard_from_the_tasks_screen_opens_the_new_plan(qtbot, context, chain, wizard):
    _, screen = _tasks_screen(qtbot, context, chain.source.id)
    assert screen.derive_action.isEnabled()
    assert screen.derive_action in screen.toolbar.actions()
    screen.derive_action.trigger()
    assert wizard == [chain.source.id]
    assert screen.plan.title == "Kế hoạch thực hiện (bản thử)"
    assert screen.plan_combo.currentData() == screen.plan.id


def test_the_tasks_screen_wizard_action_is_off_without_a_plan(qtbot, context, chain):
    screen = TasksScreen(context)
    qtbot.addWidget(screen)
    assert not screen.derive_action.isEnabled()


def test_cancelling_the_wizard_keeps_the_plan_selected(plans_screen, chain, monkeypatch, wizard):
    plans_screen.show_plan(chain.source.id)
    module = sys.modules.get(WIZARD_MODULE) or importlib.import_module(WIZARD_MODULE)
    monkeypatch.setattr(module, "open_derive_plan_wizard", lambda *args: None)
    plans_screen.derive_action.trigger()
    assert plans_screen.current_plan().id == chain.source.id


def test_the_plan_context_menu_offers_the_wizard(plans_screen, chain, monkeypatch):
    offered = []

    class ShownMenu(QMenu):
        def exec(self, *args):
            offered.extend(self.actions())

    monkeypatch.setattr("gui.views.plans.QMenu", ShownMenu)
    plans_screen.show_plan(chain.source.id)
    row = plans_screen.table.currentIndex().row()
    point = plans_screen.table.visualRect(plans_screen.proxy.index(row, 1)).center()
    plans_screen.table.customContextMenuRequested.emit(point)
    assert plans_screen.derive_action in offered
    assert [a.text() for a in offered if a.text()] == [
        "Xem nhiệm vụ", "Sửa…", "Xây dựng kế hoạch thực hiện…", "&Ban hành…", "Chuyển vào thùng rác"]
