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

from core import progress_rules as rules
from core.model import Occurrence, WorkState
from core.progress_rules import COMPLETED_FIELD, PROGRESS_FIELD
from core.vntext import nfc

__all__ = ["COMPLETED_FIELD", "PROGRESS_FIELD", "ProgressDraft", "progress_problems"]


@dataclass(frozen=True, slots=True)
class ProgressDraft:
    """What the form shows for one occurrence; `progress_text` is kept as typed until it is valid."""

    state: WorkState
    progress_text: str
    completed_on: date | None
    result: str
    added_files: tuple[Path, ...] = ()
    removed_attachments: frozenset[int] = frozenset()
    difficulties: str = ""  # khó khăn, vướng mắc; lý do chậm
    proposals: str = ""  # đề xuất, kiến nghị

    @classmethod
    def of(cls, occurrence: Occurrence) -> ProgressDraft:
        return cls(
            occurrence.state, str(occurrence.progress), occurrence.completed_on, occurrence.result,
            difficulties=occurrence.difficulties, proposals=occurrence.proposals,
        )  # fmt: skip

    def progress_value(self) -> int | None:
        """The percentage as a number, None when the text is not a whole number from 0 to 100."""
        text = self.progress_text.strip().rstrip("%").strip()
        if not text.isdigit():
            return None
        value = int(text)
        return value if 0 <= value <= 100 else None

    def values(self) -> tuple[WorkState, int | None, date | None, str]:
        return self.state, self.progress_value(), self.completed_on, nfc(self.result.strip())

    def words(self) -> tuple[str, str]:
        """The unit's difficulties and proposals, as stored."""
        return nfc(self.difficulties.strip()), nfc(self.proposals.strip())

    def changes_progress(self, occurrence: Occurrence) -> bool:
        """True when saving would record a new progress entry for `occurrence`."""
        stored = (occurrence.state, occurrence.progress, occurrence.completed_on, occurrence.result)
        return self.values() != stored or self.words() != (occurrence.difficulties, occurrence.proposals)

    def changes_files(self) -> bool:
        return bool(self.added_files or self.removed_attachments)

    def changes(self, occurrence: Occurrence) -> bool:
        return self.changes_progress(occurrence) or self.changes_files()

    def with_files(self, added: tuple[Path, ...], removed: frozenset[int]) -> ProgressDraft:
        return dataclasses.replace(self, added_files=added, removed_attachments=removed)


def progress_problems(draft: ProgressDraft, not_before: date | None) -> dict[str, str]:
    """Problems of a draft by field (PROGRESS_FIELD, COMPLETED_FIELD), as sentences shown under
    the fields; empty when it can be saved. The rule is `core.progress_rules`, the one the
    spreadsheet import and storage apply."""
    problems = rules.progress_problems(draft.state, draft.progress_value(), draft.completed_on, not_before)
    if problems.get(COMPLETED_FIELD, "").endswith("cần có ngày hoàn thành"):
        problems[COMPLETED_FIELD] += ": đánh dấu ô và chọn ngày"
    return {field: rules.sentence(text) for field, text in problems.items()}
