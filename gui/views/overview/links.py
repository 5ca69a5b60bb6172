"""Where a figure of «Tổng quan» leads: the «Hạn xử lý» list filtered to what it counted, or a task's form.

The screen lives in the main window's stack; it reaches the window's other screens the way the
start-up notice does (`window.show_screen`, `window.screens`), so the main window needs no wiring
for it. Outside a main window (a screen shown on its own) a link does nothing but beep.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QApplication, QWidget

from core.model import Role
from core.status import DeadlineStatus
from gui.context import AppContext


@dataclass(frozen=True, slots=True)
class DeadlineLink:
    """The filters of the «Hạn xử lý» list that show exactly the rows a figure counted."""

    as_of: date
    statuses: frozenset[DeadlineStatus] | None = None
    plan_id: int | None = None
    unit_id: int | None = None
    unit_name: str = ""  # for a unit the list's chooser does not hold (a group)
    role: Role | None = None
    due: tuple[date, date] | None = None


@dataclass(frozen=True, slots=True)
class TaskLink:
    task_id: int
    occurrence_id: int


def follow(widget: QWidget, context: AppContext, link: DeadlineLink | TaskLink) -> bool:
    """Open what `link` names in the main window holding `widget`; False when there is none."""
    from gui.views.deadlines import open_task_for_editing

    window = widget.window()
    screens = getattr(window, "screens", None)
    if not isinstance(screens, Mapping) or "deadlines" not in screens or "tasks" not in screens:
        QApplication.beep()
        return False
    if isinstance(link, TaskLink):
        open_task_for_editing(screens["tasks"], context, link.task_id, link.occurrence_id)
        return True
    window.show_screen("deadlines")
    screens["deadlines"].show_filtered(
        link.statuses,
        as_of=link.as_of,
        plan_id=link.plan_id,
        unit_id=link.unit_id,
        unit_name=link.unit_name,
        role=link.role,
        due=link.due,
    )
    return True
