"""Shared data and helpers of the task form tests: a 2025–2030 plan, its units, a yearly task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.model import Plan, Role, Task, TaskKind, Unit
from gui.dialogs.task.dialog import TaskDialog
from storage.assignments import list_assignments, list_occurrences, set_assignments
from storage.plans import save_plan
from storage.tasks import save_task
from storage.units import save_unit

UNIT_NAMES = ("Phòng Giáo dục và Đào tạo", "Phòng Tài chính - Kế hoạch", "Phòng Nội vụ", "UBND xã San Thành")


@dataclass
class World:
    plan: Plan
    section: Task
    task: Task  # one-off ("Năm 2025"), lead: Phòng Giáo dục và Đào tạo
    yearly: Task  # "Hằng năm", lead Phòng Giáo dục và Đào tạo, support Phòng Tài chính - Kế hoạch
    units: dict[str, Unit]

    def unit(self, name: str) -> int:
        return self.units[name].id


def build_world(db) -> World:
    plan = save_plan(db, Plan(title="Thực hiện Kết luận số 91-KL/TW", number="125", symbol="KH-UBND",
                              issued_on=date(2025, 3, 10), period_start=date(2025, 1, 1),
                              period_end=date(2030, 12, 31)))
    units = {name: save_unit(db, Unit(name=name)) for name in UNIT_NAMES}
    section = save_task(db, Task(plan.id, "Phát triển mạng lưới cơ sở giáo dục", ordinal="III",
                                 kind=TaskKind.SECTION))
    task = save_task(db, Task(plan.id, "Rà soát, sắp xếp điểm trường lẻ", ordinal="1", parent_id=section.id,
                              timeframe_text="Năm 2025"))
    yearly = save_task(db, Task(plan.id, "Xây dựng kế hoạch phát triển giáo dục hằng năm", ordinal="2",
                                parent_id=section.id, timeframe_text="Hằng năm"))
    lead = units["Phòng Giáo dục và Đào tạo"].id
    set_assignments(db, task.id, [(lead, Role.LEAD, None)])
    set_assignments(db, yearly.id, [(lead, Role.LEAD, None),
                                    (units["Phòng Tài chính - Kế hoạch"].id, Role.SUPPORT, None)])
    return World(plan, section, task, yearly, units)


def occurrence(db, task_id: int, unit_id: int, key: str = ""):
    """The stored occurrence `key` of the unit's assignment to the task."""
    [row] = [row for row in list_assignments(db, task_id) if row.assignment.unit_id == unit_id]
    return next(o for o in list_occurrences(db, row.assignment.id) if o.key == key)


def open_form(context, world: World, task: Task) -> TaskDialog:
    return TaskDialog(context, world.plan, task)


def enter_progress(dialog: TaskDialog, unit_id: int, key: str = "", *, state=None, percent: str | None = None,
                   completed: date | None = None, result: str | None = None) -> None:
    """Type progress for one occurrence into the form, as a user would through its widgets."""
    from PySide6.QtCore import QDate

    panel = dialog.progress_panel
    panel.select(unit_id, key)
    if state is not None:
        panel.state_combo.setCurrentIndex(panel.state_combo.findData(state))
    if percent is not None:
        panel.progress_edit.setText(percent)
    if completed is not None:
        panel.completed_check.setChecked(True)
        panel.completed_edit.setDate(QDate(completed))
    if result is not None:
        panel.result_edit.setPlainText(result)


def write_file(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path
