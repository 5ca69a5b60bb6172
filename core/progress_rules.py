"""The one rule a round of work's progress must meet, wherever it is typed: the task form, a
returned spreadsheet, or a call into storage.

A percentage is a whole number from 0 to 100; «Hoàn thành» is 100 % with the day it was finished;
only finished work has a completion day; nothing is finished before the plan asking for it was
issued. Each problem is named by the field it belongs to, in words that read after "Dòng 12: " as
well as on their own under a field.
"""

from __future__ import annotations

from datetime import date

from core.model import WorkState
from core.vntext import format_date

PROGRESS_FIELD = "progress"
COMPLETED_FIELD = "completed_on"


def progress_problems(
    state: WorkState, progress: int | None, completed_on: date | None, not_before: date | None = None
) -> dict[str, str]:
    """Problems by field (PROGRESS_FIELD, COMPLETED_FIELD); empty when the values can be saved.

    `progress` None means the text typed is not a number; `not_before` is the plan's issue date.
    """
    problems: dict[str, str] = {}
    if progress is None or isinstance(progress, bool) or not 0 <= progress <= 100:
        problems[PROGRESS_FIELD] = "tiến độ là số nguyên từ 0 đến 100 (phần trăm)"
    elif state is WorkState.DONE and progress < 100:
        problems[PROGRESS_FIELD] = (
            f"trạng thái «Hoàn thành» nhưng tiến độ chỉ {progress}%: ghi 100% hoặc đổi trạng thái"
        )
    if state is WorkState.DONE and completed_on is None:
        problems[COMPLETED_FIELD] = "trạng thái «Hoàn thành» cần có ngày hoàn thành"
    elif completed_on is not None and state is not WorkState.DONE:
        problems[COMPLETED_FIELD] = (
            f"có ngày hoàn thành nhưng trạng thái là «{state.label}»: bỏ ngày hoặc chọn «Hoàn thành»"
        )
    elif completed_on is not None and not_before is not None and completed_on < not_before:
        problems[COMPLETED_FIELD] = (
            f"ngày hoàn thành {format_date(completed_on)} trước ngày ban hành kế hoạch "
            f"({format_date(not_before)})"
        )
    return problems


def sentence(problem: str) -> str:
    """A problem as a sentence under a field: capital first letter, full stop."""
    return problem[:1].upper() + problem[1:] + ("" if problem.endswith(".") else ".")
