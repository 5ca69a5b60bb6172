"""Progress typed into the task form but not saved yet, and the rules it must meet before Save.

The task form keeps one `ProgressDraft` per occurrence the user touched; they are written on
Save, in the same transaction as the task and its assignments. The rules are plain functions so
the form can show each problem next to its field while the user types.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.model import Occurrence, WorkState
from core.vntext import format_date, nfc

PROGRESS_FIELD = "progress"
COMPLETED_FIELD = "completed_on"


@dataclass(frozen=True, slots=True)
class ProgressDraft:
    """What the form shows for one occurrence; `progress_text` is kept as typed until it is valid."""

    state: WorkState
    progress_text: str
    completed_on: date | None
    result: str
    added_files: tuple[Path, ...] = ()
    removed_attachments: frozenset[int] = frozenset()

    @classmethod
    def of(cls, occurrence: Occurrence) -> ProgressDraft:
        return cls(occurrence.state, str(occurrence.progress), occurrence.completed_on, occurrence.result)

    def progress_value(self) -> int | None:
        """The percentage as a number, None when the text is not a whole number from 0 to 100."""
        text = self.progress_text.strip().rstrip("%").strip()
        if not text.isdigit():
            return None
        value = int(text)
        return value if 0 <= value <= 100 else None

    def values(self) -> tuple[WorkState, int | None, date | None, str]:
        return self.state, self.progress_value(), self.completed_on, nfc(self.result.strip())

    def changes_progress(self, occurrence: Occurrence) -> bool:
        """True when saving would record a new progress entry for `occurrence`."""
        stored = (occurrence.state, occurrence.progress, occurrence.completed_on, occurrence.result)
        return self.values() != stored

    def changes_files(self) -> bool:
        return bool(self.added_files or self.removed_attachments)

    def changes(self, occurrence: Occurrence) -> bool:
        return self.changes_progress(occurrence) or self.changes_files()

    def with_files(self, added: tuple[Path, ...], removed: frozenset[int]) -> ProgressDraft:
        return dataclasses.replace(self, added_files=added, removed_attachments=removed)


def progress_problems(draft: ProgressDraft, not_before: date | None) -> dict[str, str]:
    """Problems of a draft by field (PROGRESS_FIELD, COMPLETED_FIELD); empty when it can be saved.

    `not_before` is the plan's issue date: work cannot be finished before the plan asking for it.
    """
    problems: dict[str, str] = {}
    if draft.progress_value() is None:
        problems[PROGRESS_FIELD] = "Tiến độ là số nguyên từ 0 đến 100 (phần trăm)."
    if draft.state is WorkState.DONE and draft.completed_on is None:
        problems[COMPLETED_FIELD] = "Đã «Hoàn thành» thì cần ngày hoàn thành: đánh dấu ô và chọn ngày."
    elif draft.completed_on is not None and not_before is not None and draft.completed_on < not_before:
        problems[COMPLETED_FIELD] = (
            f"Ngày hoàn thành {format_date(draft.completed_on)} trước ngày ban hành kế hoạch "
            f"({format_date(not_before)}). Chọn ngày từ {format_date(not_before)} trở đi."
        )
    return problems
