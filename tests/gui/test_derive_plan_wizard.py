"""The «Xây dựng kế hoạch thực hiện» wizard: choose a received plan's tasks, assign ours, create our plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QWizard

from core.importing import read_plan_file, to_domain
from core.model import Plan, Role, Task, TaskKind, Unit
from core.office import Office
from gui.dialogs.derive_plan import open_derive_plan_wizard
from gui.dialogs.derive_plan.assign_page import NO_DATE, DueDelegate
from gui.dialogs.derive_plan.choice_model import COL_PATH, COL_REASON
from gui.dialogs.derive_plan.choose_page import NO_OFFICE_TEXT
from gui.dialogs.derive_plan.draft_model import COL_CONTENT, COL_DUE, COL_LEAD, COL_SUPPORT, LATE_COLOUR
from gui.dialogs.derive_plan.wizard import DerivePlanWizard
from gui.dialogs.task.undo import undo_or_redo
from storage.assignments import list_assignments, set_assignments
from storage.chain import candidates, source_task
from storage.office import save_office
from storage.plan_import import save_imported_plan
from storage.plans import is_in_trash, list_plans, purge_plan, save_plan
from storage.tasks import list_tasks, save_task
from storage.units import save_unit, set_group_members

FOREGROUND = Qt.ItemDataRole.ForegroundRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
CHECK = Qt.ItemDataRole.CheckStateRole
FINISH = QWizard.WizardButton.FinishButton
NEXT = QWizard.WizardButton.NextButton


@dataclass
class World:
    plan: Plan
    tasks: dict[str, Task]  # by path: "I", "I.1", "I.2", "II", "II.1", "II.2"
    units: dict[str, int]
    office_id: int | None


def build_world(db, *, office: bool = True) -> World:
    """A Sở plan: I.1 led by the Sở (not ours), I.2 led by "Phòng GD&ĐT các huyện, thành phố" (a group
    covering us), II.1 led by "Các trường mầm non" (our kindergartens A and B), II.2 coordinated by the
    Phòng group, every quarter."""
    units = {
        "so": save_unit(db, Unit(name="Sở Giáo dục và Đào tạo", kind_code="so_nganh")).id,
        "phong_group": save_unit(db, Unit(name="Phòng GD&ĐT các huyện, thành phố", is_group=True)).id,
        "mn_group": save_unit(db, Unit(name="Các trường mầm non", is_group=True)).id,
    }
    office_id = None
    if office:
        office_id = save_office(db, Office(name="Phòng Giáo dục và Đào tạo huyện X", kind_code="phong_ban",
                                           symbol="PGDĐT")).unit_id
    for key, name in (("a", "Trường Mầm non A"), ("b", "Trường Mầm non B")):
        units[key] = save_unit(db, Unit(name=name, kind_code="mam_non", parent_id=office_id)).id
    set_group_members(db, units["mn_group"], [units["a"], units["b"]])
    plan = save_plan(db, Plan(title="Phát triển giáo dục mầm non năm 2025", number="25", symbol="KH-SGDĐT",
                              issuer="Sở Giáo dục và Đào tạo", issued_on=date(2025, 1, 10),
                              period_start=date(2025, 1, 1), period_end=date(2025, 12, 31)))
    tasks: dict[str, Task] = {}

    def add(path: str, content: str, parent: str | None = None, timeframe: str = "",
            kind: TaskKind = TaskKind.TASK) -> None:
        parent_id = tasks[parent].id if parent else None
        tasks[path] = save_task(db, Task(plan.id, content, ordinal=path.split(".")[-1], kind=kind,
                                         parent_id=parent_id, timeframe_text=timeframe))

    add("I", "Nhiệm vụ chung", kind=TaskKind.SECTION)
    add("I.1", "Ban hành hướng dẫn nhiệm vụ năm học", "I", "Trước 31/3/2025")
    add("I.2", "Rà soát mạng lưới trường lớp mầm non", "I", "Trước 30/6/2025")
    add("II", "Nâng cao chất lượng chăm sóc, giáo dục trẻ", kind=TaskKind.SECTION)
    add("II.1", "Tổ chức ngày hội đồ chơi tự làm", "II", "Tháng 5/2025")
    add("II.2", "Kiểm tra an toàn thực phẩm bếp ăn", "II", "Hằng quý")
    for path, lead, support in (("I.1", "so", None), ("I.2", "phong_group", "so"), ("II.1", "mn_group", None),
                                ("II.2", "so", "phong_group")):
        items = [(units[lead], Role.LEAD, None)] + ([(units[support], Role.SUPPORT, None)] if support else [])
        set_assignments(db, tasks[path].id, items)
    return World(plan, tasks, units, office_id)


@pytest.fixture
def world(db) -> World:
    return build_world(db)


@pytest.fixture(autouse=True)
def no_unexpected_messages(monkeypatch):
    """A message box would wait for a click for ever; an unexpected one fails the test instead."""

    def unexpected(parent, title, text, *args):
        raise AssertionError(f"{title}: {text}")

    monkeypatch.setattr(QMessageBox, "critical", unexpected)


def open_wizard(qtbot, context, plan_id: int) -> DerivePlanWizard:
    wizard = DerivePlanWizard(context, plan_id)
    qtbot.addWidget(wizard)
    with qtbot.waitActive(wizard):  # shortcuts only fire in the active window
        wizard.show()
        wizard.activateWindow()
    return wizard


def ids(world: World, *paths: str) -> list[int]:
    return [world.tasks[path].id for path in paths]


def source_paths(wizard: DerivePlanWizard) -> list[str]:
    return [row.source.path if row.source else "mới" for row in wizard.assign_page.model.rows()]


def row_counts(db) -> tuple[int, int, int]:
    return tuple(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                 for table in ("plans", "tasks", "assignments"))


def finish(qtbot, wizard: DerivePlanWizard) -> None:
    for _ in range(2):
        if wizard.currentPage() is not wizard.finish_page:
            wizard.next()
    assert wizard.currentPage() is wizard.finish_page
    qtbot.mouseClick(wizard.button(FINISH), Qt.MouseButton.LeftButton)


def our_tasks(db, plan_id: int) -> list:
    return [row for row in list_tasks(db, plan_id) if row.task.kind is TaskKind.TASK]


# --- Chọn nhiệm vụ ----------------------------------------------------------------------------


def test_tasks_that_are_ours_are_preselected_with_their_reason(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    model = wizard.choose_page.model
    claimed = [c.task_id for c in candidates(context.db, world.plan.id) if c.claim is not None]

    assert model.chosen_ids() == claimed == ids(world, "I.2", "II.1", "II.2")
    reason = model.index_of(world.tasks["II.1"].id, COL_REASON).data()
    assert reason == "Giao cho đơn vị cấp dưới: Các trường mầm non"
    assert model.index_of(world.tasks["I"].id, COL_PATH).data(CHECK) == Qt.CheckState.PartiallyChecked
    assert model.index_of(world.tasks["II"].id, COL_PATH).data(CHECK) == Qt.CheckState.Checked
    assert not wizard.choose_page.notice.isVisibleTo(wizard)
    assert wizard.button(NEXT).isEnabled()


def test_the_sample_plan_preselects_what_storage_claims(qtbot, context, samples_dir):
    plan = save_imported_plan(context.db, to_domain(read_plan_file(samples_dir / "003_ba6238f9405d9d7b.txt")))
    save_office(context.db, Office(name="Phòng Giáo dục và Đào tạo", kind_code="phong_ban", symbol="PGDĐT"))
    claimed = [c.task_id for c in candidates(context.db, plan.id) if c.claim is not None]

    wizard = open_wizard(qtbot, context, plan.id)

    assert claimed and wizard.choose_page.model.chosen_ids() == claimed


def test_without_our_office_nothing_is_preselected_and_next_waits_for_a_choice(qtbot, context, db):
    world = build_world(db, office=False)
    wizard = open_wizard(qtbot, context, world.plan.id)
    page = wizard.choose_page

    assert page.notice.isVisibleTo(wizard) and page.notice.text() == NO_OFFICE_TEXT
    assert page.model.chosen_ids() == []
    assert not wizard.button(NEXT).isEnabled()
    page.model.setData(page.model.index_of(world.tasks["I.1"].id, COL_PATH), Qt.CheckState.Checked.value,
                       CHECK)
    assert wizard.button(NEXT).isEnabled()


def test_ticking_a_section_chooses_its_tasks_but_not_the_section(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    model = wizard.choose_page.model
    section = model.index_of(world.tasks["I"].id, COL_PATH)

    model.setData(section, Qt.CheckState.Checked.value, CHECK)
    assert model.chosen_ids() == ids(world, "I.1", "I.2", "II.1", "II.2")
    model.setData(section, Qt.CheckState.Unchecked.value, CHECK)
    assert model.chosen_ids() == ids(world, "II.1", "II.2")


def test_select_all_ours_and_clear_all(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    page = wizard.choose_page

    qtbot.mouseClick(page.clear, Qt.MouseButton.LeftButton)
    assert page.model.chosen_ids() == []
    assert not wizard.button(NEXT).isEnabled()
    assert page.count.text() == "Chưa chọn nhiệm vụ nào"
    qtbot.mouseClick(page.choose_ours, Qt.MouseButton.LeftButton)
    assert page.model.chosen_ids() == ids(world, "I.2", "II.1", "II.2")
    assert page.count.text() == "Đã chọn 3 nhiệm vụ"


def test_space_ticks_the_current_row_from_any_column(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    page = wizard.choose_page
    page.tree.setFocus()
    reason = page.model.index_of(world.tasks["I.1"].id, COL_REASON)
    page.tree.setCurrentIndex(page.proxy.mapFromSource(reason))

    qtbot.keyClick(page.tree, Qt.Key.Key_Space)
    assert world.tasks["I.1"].id in page.model.chosen_ids()
    qtbot.keyClick(page.tree, Qt.Key.Key_Space)
    assert world.tasks["I.1"].id not in page.model.chosen_ids()


def test_search_ignores_diacritics_and_keeps_the_section_around_a_match(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    page = wizard.choose_page

    qtbot.keyClicks(page.search, "ngay hoi do choi")

    assert page.proxy.match_count() == 1
    assert page.proxy.rowCount() == 1  # section II only
    section = page.proxy.index(0, COL_PATH)
    assert section.data() == "II"
    assert [page.proxy.index(row, COL_PATH, section).data() for row in range(page.proxy.rowCount(section))] \
        == ["II.1"]


# --- Phân công --------------------------------------------------------------------------------


def test_rows_follow_the_choice_with_default_units_and_deadlines(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    wizard.next()
    model = wizard.assign_page.model

    assert source_paths(wizard) == ["I.2", "II.1", "II.2"]
    assert model.index(0, COL_LEAD).data() == "Phòng Giáo dục và Đào tạo huyện X"
    assert model.index(1, COL_LEAD).data() == "Trường Mầm non A, Trường Mầm non B"
    assert model.index(0, COL_DUE).data() == "30/06/2025"
    assert model.index(2, COL_DUE).data() == "(theo cấp trên)"  # Hằng quý: no single deadline


def test_unchecking_a_task_drops_it_from_our_plan(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    model = wizard.choose_page.model
    model.setData(model.index_of(world.tasks["II.2"].id, COL_PATH), Qt.CheckState.Unchecked.value, CHECK)
    wizard.next()
    assert source_paths(wizard) == ["I.2", "II.1"]

    finish(qtbot, wizard)

    sources = [source_task(context.db, row.task.id).task_id for row in our_tasks(context.db, wizard.plan_id)]
    assert sources == ids(world, "I.2", "II.1")


def test_going_back_keeps_the_edited_rows_and_adds_newly_chosen_ones(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    wizard.next()
    rows = wizard.assign_page.model
    rows.setData(rows.index(0, COL_CONTENT), "Rà soát mạng lưới trường mầm non trên địa bàn huyện")
    wizard.back()
    choice = wizard.choose_page.model
    choice.setData(choice.index_of(world.tasks["I.1"].id, COL_PATH), Qt.CheckState.Checked.value, CHECK)
    wizard.next()

    assert source_paths(wizard) == ["I.1", "I.2", "II.1", "II.2"]
    assert rows.index(1, COL_CONTENT).data() == "Rà soát mạng lưới trường mầm non trên địa bàn huyện"


def test_split_gives_two_tasks_from_the_same_source(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    wizard.next()
    page = wizard.assign_page
    page.table.setCurrentIndex(page.model.index(1, COL_CONTENT))
    qtbot.mouseClick(page.split_button, Qt.MouseButton.LeftButton)
    page.model.setData(page.model.index(2, COL_CONTENT), "Tổ chức ngày hội đồ chơi tại trường B")
    page.model.set_units(2, COL_LEAD, [world.units["b"]])
    page.model.set_units(1, COL_LEAD, [world.units["a"]])
    assert source_paths(wizard) == ["I.2", "II.1", "II.1", "II.2"]

    finish(qtbot, wizard)

    made = [row for row in our_tasks(context.db, wizard.plan_id)
            if source_task(context.db, row.task.id).task_id == world.tasks["II.1"].id]
    assert [row.task.content for row in made] == ["Tổ chức ngày hội đồ chơi tự làm",
                                                  "Tổ chức ngày hội đồ chơi tại trường B"]
    assert [[a.assignment.unit_id for a in list_assignments(context.db, row.task.id)] for row in made] \
        == [[world.units["a"]], [world.units["b"]]]


def test_added_and_removed_rows(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    wizard.next()
    page = wizard.assign_page
    page.table.setCurrentIndex(page.model.index(2, COL_CONTENT))
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    editor = page.table.viewport().findChild(QLineEdit)  # the new row opens for typing at once
    assert editor is not None
    editor.setText("Tập huấn giáo viên mầm non")  # QTest types ASCII only
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rows()[-1].content != "")  # the delegate commits queued
    assert source_paths(wizard) == ["I.2", "II.1", "mới"]
    assert page.count.text() == "3 nhiệm vụ"

    finish(qtbot, wizard)

    made = our_tasks(context.db, wizard.plan_id)
    assert [row.task.content for row in made][-1] == "Tập huấn giáo viên mầm non"
    assert source_task(context.db, made[-1].task.id) is None
    assert ids(world, "II.2")[0] not in [getattr(source_task(context.db, row.task.id), "task_id", None)
                                         for row in made]


def test_delete_key_removes_the_current_row(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    wizard.next()
    page = wizard.assign_page
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, COL_CONTENT))

    qtbot.keyClick(page.table, Qt.Key.Key_Delete)

    assert source_paths(wizard) == ["II.1", "II.2"]


def test_a_deadline_later_than_the_source_is_red_with_the_source_date(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    wizard.next()
    model = wizard.assign_page.model
    due = model.index(0, COL_DUE)

    model.setData(due, date(2025, 6, 15))
    assert due.data(FOREGROUND) is None or due.data(FOREGROUND).color().name() != LATE_COLOUR
    model.setData(due, date(2025, 7, 15))
    assert due.data(FOREGROUND).color().name() == LATE_COLOUR
    assert due.data(TOOLTIP) == "Muộn hơn hạn của cấp trên (30/06/2025)"
    assert wizard.assign_page.count.text() == "3 nhiệm vụ · 1 hạn muộn hơn cấp trên"
    wizard.next()
    assert wizard.finish_page.summary.text() == "3 nhiệm vụ, giao cho 3 đơn vị; 1 hạn muộn hơn cấp trên"


def test_the_date_editor_writes_a_date_or_no_date(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    wizard.next()
    model = wizard.assign_page.model
    delegate = DueDelegate()
    index = model.index(0, COL_DUE)
    editor = delegate.createEditor(wizard.assign_page.table, None, index)
    delegate.setEditorData(editor, index)
    assert editor.date() == QDate(2025, 6, 30)

    editor.setDate(NO_DATE)
    delegate.setModelData(editor, model, index)
    assert model.rows()[0].due is None
    editor.setDate(QDate(2025, 6, 1))
    delegate.setModelData(editor, model, index)
    assert model.rows()[0].due == date(2025, 6, 1)


def test_units_are_chosen_in_the_picker_and_a_group_reaches_its_members(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    wizard.next()
    page = wizard.assign_page
    asked = []

    def pick(parent, units, title, selected):
        asked.append((title, list(selected), any(unit.is_group for unit in units)))
        return [world.units["mn_group"]]

    page.pick_units = pick
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, COL_SUPPORT))
    qtbot.keyClick(page.table, Qt.Key.Key_F2)

    assert asked == [("Chọn đơn vị phối hợp", [], True)]
    assert page.model.index(0, COL_SUPPORT).data() == "Các trường mầm non"
    finish(qtbot, wizard)
    first = our_tasks(context.db, wizard.plan_id)[0]
    roles = {a.assignment.unit_id: a.assignment.role for a in list_assignments(context.db, first.task.id)}
    assert roles == {world.office_id: Role.LEAD, world.units["a"]: Role.SUPPORT,
                     world.units["b"]: Role.SUPPORT}


# --- Hoàn tất ---------------------------------------------------------------------------------


def test_finish_creates_the_plan_with_links_and_assignments(qtbot, context, world):
    changed = []
    context.data_changed.connect(changed.append)
    wizard = open_wizard(qtbot, context, world.plan.id)
    wizard.next()
    wizard.next()
    assert wizard.finish_page.plan_title().startswith("Thực hiện Kế hoạch số 25/KH-SGDĐT")
    wizard.finish_page.title_edit.setPlainText("Thực hiện kế hoạch phát triển giáo dục mầm non năm 2025")

    finish(qtbot, wizard)

    assert wizard.result() == QDialog.DialogCode.Accepted
    plan_id = wizard.plan_id
    assert [p.id for p in list_plans(context.db)] == [world.plan.id, plan_id]  # made once, not redone
    plan = next(p for p in list_plans(context.db) if p.id == plan_id)
    assert plan.title == "Thực hiện kế hoạch phát triển giáo dục mầm non năm 2025"
    assert plan.parent_plan_id == world.plan.id
    made = our_tasks(context.db, plan_id)
    assert [source_task(context.db, row.task.id).task_id for row in made] == ids(world, "I.2", "II.1", "II.2")
    kindergartens = [a.assignment.unit_id for a in list_assignments(context.db, made[1].task.id)]
    assert kindergartens == [world.units["a"], world.units["b"]]
    assert "plans" in changed


def test_one_undo_step_moves_the_plan_to_the_trash_and_redo_restores_it(qtbot, context, world):
    wizard = open_wizard(qtbot, context, world.plan.id)
    finish(qtbot, wizard)
    stack = context.undo_stack
    counts = row_counts(context.db)

    assert stack.count() == 1
    assert stack.undoText() == "Xây dựng kế hoạch thực hiện 25/KH-SGDĐT"
    assert not is_in_trash(context.db, wizard.plan_id)
    stack.undo()
    assert is_in_trash(context.db, wizard.plan_id)
    assert [p.id for p in list_plans(context.db)] == [world.plan.id]
    stack.redo()
    assert not is_in_trash(context.db, wizard.plan_id)
    assert row_counts(context.db) == counts


def test_a_redo_that_cannot_be_done_is_shown_from_the_edit_menu(qtbot, context, world, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *args: shown.append(text))
    wizard = open_wizard(qtbot, context, world.plan.id)
    finish(qtbot, wizard)
    assert undo_or_redo(None, context.undo_stack)
    purge_plan(context.db, wizard.plan_id)  # emptied from the trash meanwhile

    assert not undo_or_redo(None, context.undo_stack, redo=True)

    assert len(shown) == 1
    assert [p.id for p in list_plans(context.db)] == [world.plan.id]


def test_cancel_writes_nothing(qtbot, context, world):
    before = row_counts(context.db)
    wizard = open_wizard(qtbot, context, world.plan.id)
    wizard.next()
    wizard.next()

    wizard.reject()

    assert wizard.plan_id is None
    assert row_counts(context.db) == before
    assert context.undo_stack.count() == 0


def test_a_refusal_is_shown_and_nothing_is_written(qtbot, context, world, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text, *args: shown.append((title, text)))
    before = row_counts(context.db)
    wizard = open_wizard(qtbot, context, world.plan.id)
    wizard.next()
    page = wizard.assign_page
    while page.model.rowCount():
        page.table.setCurrentIndex(page.model.index(0, COL_CONTENT))
        qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)

    finish(qtbot, wizard)

    assert shown == [("Không tạo được kế hoạch thực hiện",
                      "Chưa chọn nhiệm vụ nào để đưa vào kế hoạch thực hiện")]
    assert wizard.isVisible() and wizard.currentPage() is wizard.finish_page
    assert wizard.plan_id is None
    assert row_counts(context.db) == before
    assert context.undo_stack.count() == 0


def test_open_returns_the_new_plan_id_or_none(qtbot, context, world, monkeypatch):
    def run(wizard):
        qtbot.addWidget(wizard)
        wizard.show()
        finish(qtbot, wizard)
        return wizard.result()

    monkeypatch.setattr(DerivePlanWizard, "exec", run)
    plan_id = open_derive_plan_wizard(None, context, world.plan.id)
    assert plan_id is not None and plan_id != world.plan.id
    assert our_tasks(context.db, plan_id)

    monkeypatch.setattr(DerivePlanWizard, "exec", lambda wizard: QDialog.DialogCode.Rejected)
    assert open_derive_plan_wizard(None, context, world.plan.id) is None


def test_open_with_an_unknown_plan_shows_why(qtbot, context, world, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *args: shown.append(text))

    assert open_derive_plan_wizard(None, context, 999) is None
    assert len(shown) == 1
