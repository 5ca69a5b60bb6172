"""Undo and redo of saved task edits (Ctrl+Z / Ctrl+Y) for as long as the application runs.

Every Save of the task form pushes a `TaskEditCommand` on the application's QUndoStack
(`AppContext.undo_stack`) with the task's state before and after the save: its fields, its
assignments, the progress values of each occurrence (by unit and year) and its evidence files.
Undo writes the "before" state back and redo the "after" state, each in one transaction, and
only the parts the save changed, so later changes to other tasks or other units stay as they are.

Progress history is append-only: undoing a progress edit records a new entry holding the old
values (source "Hoàn tác"), and redoing records one with the new values (source "Làm lại").
Evidence files are moved to the "_da_xoa" folder when undone and copied back when redone.
Undoing the creation of a task deletes it, and redoing creates it again under a new id; the
stack keeps a map from ids as captured to ids now so that older and newer commands still find it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget
from sqlite_utils import Database

from core.model import Occurrence, Task, WorkState
from core.paths import attachments_dir
from gui.context import AppContext, Change
from gui.operations import USER_ERRORS, show_error
from storage.assignments import (
    AssignmentItem,
    list_assignments,
    list_occurrences,
    record_progress,
    set_assignments,
)
from storage.attachments import (
    FileJournal,
    add_attachment,
    file_transaction,
    list_attachments,
    remove_attachment,
)
from storage.database import StorageError
from storage.tasks import delete_task, get_task, list_tasks, move_task_down, move_task_up, save_task

UNDO_SOURCE = "Hoàn tác"
REDO_SOURCE = "Làm lại"
ProgressKey = tuple[int, str]  # (unit id, occurrence key: "" or the year)


@dataclass(frozen=True, slots=True)
class ProgressValues:
    state: WorkState
    progress: int
    completed_on: date | None
    result: str
    difficulties: str = ""
    proposals: str = ""

    @classmethod
    def of(cls, occurrence: Occurrence) -> ProgressValues:
        return cls(occurrence.state, occurrence.progress, occurrence.completed_on, occurrence.result,
                   occurrence.difficulties, occurrence.proposals)  # fmt: skip


@dataclass(frozen=True, slots=True, order=True)
class FileRecord:
    file_name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class TaskState:
    """What a Save can change about one task, as stored at one moment."""

    task: Task
    assignments: tuple[AssignmentItem, ...]
    progress: Mapping[ProgressKey, ProgressValues]
    files: Mapping[ProgressKey, tuple[FileRecord, ...]]


def capture_task_state(db: Database, task_id: int) -> TaskState:
    task = get_task(db, task_id)
    rows = list_assignments(db, task_id)
    progress: dict[ProgressKey, ProgressValues] = {}
    files: dict[ProgressKey, tuple[FileRecord, ...]] = {}
    for row in rows:
        for occurrence in list_occurrences(db, row.assignment.id):
            key = (row.assignment.unit_id, occurrence.key)
            progress[key] = ProgressValues.of(occurrence)
            files[key] = tuple(sorted(FileRecord(a.file_name, a.sha256)
                                      for a in list_attachments(db, occurrence.id)))
    items = tuple((r.assignment.unit_id, r.assignment.role, r.assignment.deadline_override) for r in rows)
    return TaskState(task, items, progress, files)


@dataclass(frozen=True, slots=True)
class Touched:
    """The parts of a task's state a Save changed, which are the parts undo and redo write back."""

    task: bool
    assignments: bool
    progress: frozenset[ProgressKey]
    files: frozenset[ProgressKey]


def touched(before: TaskState | None, after: TaskState) -> Touched:
    if before is None:
        files = frozenset(key for key, records in after.files.items() if records)
        return Touched(True, True, frozenset(after.progress), files)

    def differing(old: Mapping, new: Mapping, empty) -> frozenset:
        return frozenset(key for key in old.keys() | new.keys() if old.get(key, empty) != new.get(key, empty))

    return Touched(
        task=_unplaced(before.task) != _unplaced(after.task),
        assignments=before.assignments != after.assignments,
        progress=differing(before.progress, after.progress, None),
        files=differing(before.files, after.files, ()),
    )


def _unplaced(task: Task) -> Task:
    # A position shifts when siblings come and go; only a change of parent moves the task itself.
    return dataclasses.replace(task, position=0)


class UndoBook:
    """Per-stack bookkeeping: ids of re-created tasks, and the failure of the last undo or redo."""

    def __init__(self) -> None:
        self.ids: dict[int, int] = {}
        self.failure: BaseException | None = None

    def resolve(self, task_id: int | None) -> int | None:
        return None if task_id is None else self.ids.get(task_id, task_id)

    def renamed(self, old: int, new: int) -> None:
        for key, value in list(self.ids.items()):
            if value == old:
                self.ids[key] = new
        self.ids[old] = new


def undo_book(stack: QUndoStack) -> UndoBook:
    """The stack's bookkeeping, shared by every kind of command on it (task edits, derived plans)."""
    book = getattr(stack, "_task_book", None)
    if book is None or stack.count() == 0:
        # An empty stack (new, or cleared when another file was opened) has no ids to translate.
        book = UndoBook()
        stack._task_book = book
    return book


class TaskEditCommand(QUndoCommand):
    """One Save of the task form; it has already happened when the command is pushed."""

    def __init__(self, context: AppContext, before: TaskState | None, after: TaskState, text: str,
                 trashed: Mapping[str, Path] | None = None):
        super().__init__(text)
        self.context = context
        self.before, self.after = before, after
        self.touched = touched(before, after)
        self._task_id = after.task.id  # as captured; the book translates it when the task is re-created
        self._copies: dict[str, Path] = dict(trashed or {})  # sha256 → a copy to restore a file from
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True  # QUndoStack.push redoes at once; the form already saved
            return
        self._run(self.after, REDO_SOURCE)

    def undo(self) -> None:
        self._run(self.before, UNDO_SOURCE)

    def _run(self, target: TaskState | None, source: str) -> None:
        book = undo_book(self.context.undo_stack)
        try:
            with file_transaction(self.context.db) as journal:
                self._write(target, source, book, journal)
        except Exception as error:  # handed to undo_or_redo, which shows it or raises it again
            # Nothing was changed (one transaction); the command cannot be applied and leaves the stack.
            book.failure = error
            self.setObsolete(True)
            return
        self.context.changed(Change.TASKS)

    @property
    def _root(self) -> Path:
        return attachments_dir(self.context.db_path)

    def _write(self, target: TaskState | None, source: str, book: UndoBook, journal: FileJournal) -> None:
        db = self.context.db
        task_id = book.resolve(self._task_id)
        if target is None:
            self._delete_created(task_id, journal)
            return
        if self.before is None and target is self.after:
            created = save_task(db, dataclasses.replace(target.task, id=None,
                                                        parent_id=book.resolve(target.task.parent_id)))
            book.renamed(task_id, created.id)
            task_id = created.id
            _place(db, task_id, target.task.position)
        elif self.touched.task:
            current = get_task(db, task_id)
            wanted = dataclasses.replace(target.task, id=task_id, position=current.position,
                                         parent_id=book.resolve(target.task.parent_id))
            save_task(db, wanted)
            if wanted.parent_id != current.parent_id:
                _place(db, task_id, target.task.position)
        if self.touched.assignments:
            kept = {unit_id for unit_id, _role, _own in target.assignments}
            for row in list_assignments(db, task_id):
                if row.assignment.unit_id not in kept:
                    for occurrence in list_occurrences(db, row.assignment.id):
                        self._trash_all(occurrence.id, journal)
            set_assignments(db, task_id, list(target.assignments))
        self._restore_progress(task_id, target, source, journal)

    def _restore_progress(self, task_id: int, target: TaskState, source: str, journal: FileJournal) -> None:
        db = self.context.db
        occurrences = {(row.assignment.unit_id, occurrence.key): occurrence
                       for row in list_assignments(db, task_id)
                       for occurrence in list_occurrences(db, row.assignment.id)}
        for key in self.touched.progress:
            wanted, occurrence = target.progress.get(key), occurrences.get(key)
            if wanted is not None and occurrence is not None and ProgressValues.of(occurrence) != wanted:
                record_progress(db, occurrence.id, wanted.state, wanted.progress, wanted.completed_on,
                                wanted.result, source=source, difficulties=wanted.difficulties,
                                proposals=wanted.proposals)
        for key in self.touched.files:
            occurrence = occurrences.get(key)
            if occurrence is None:
                continue
            wanted = Counter(target.files.get(key, ()))
            have = Counter()
            for attachment in list_attachments(db, occurrence.id):
                record = FileRecord(attachment.file_name, attachment.sha256)
                if have[record] < wanted[record]:
                    have[record] += 1
                else:
                    self._trash(attachment.id, attachment.sha256, journal)
            for record, count in (wanted - have).items():
                for _ in range(count):
                    self._restore_file(occurrence.id, record, journal)

    def _trash(self, attachment_id: int, sha256: str, journal: FileJournal) -> None:
        moved = remove_attachment(self.context.db, attachment_id, self._root, journal=journal)
        if moved is not None:
            self._copies[sha256] = moved

    def _trash_all(self, occurrence_id: int, journal: FileJournal) -> None:
        for attachment in list_attachments(self.context.db, occurrence_id):
            self._trash(attachment.id, attachment.sha256, journal)

    def _restore_file(self, occurrence_id: int, record: FileRecord, journal: FileJournal) -> None:
        copy = self._copies.get(record.sha256)
        if copy is None or not copy.is_file():
            raise StorageError(f"Không còn bản sao của tệp «{record.file_name}» để khôi phục")
        added = add_attachment(self.context.db, occurrence_id, copy, self._root, name=record.file_name,
                               journal=journal)
        if added.sha256 != record.sha256:
            raise StorageError(f"Bản sao của tệp «{record.file_name}» ở {copy.parent} đã bị thay đổi")

    def _delete_created(self, task_id: int, journal: FileJournal) -> None:
        db = self.context.db
        task = get_task(db, task_id)
        rows = list_tasks(db, task.plan_id)
        if any(row.task.parent_id == task_id for row in rows):
            path = next(row.path for row in rows if row.task.id == task_id)
            raise StorageError(
                f"Không hoàn tác được việc thêm nhiệm vụ {path}: nhiệm vụ này đã có nhiệm vụ con")
        for row in list_assignments(db, task_id):
            for occurrence in list_occurrences(db, row.assignment.id):
                self._trash_all(occurrence.id, journal)
        delete_task(db, task_id)


def _place(db: Database, task_id: int, position: int) -> None:
    """Move a task among its siblings until it stands at `position` (or as near as it can)."""
    task = get_task(db, task_id)
    while task.position > position:
        task = move_task_up(db, task_id)
    while task.position < position:
        before = task.position
        try:
            task = move_task_down(db, task_id)
        except StorageError:
            return  # already the last one: fewer siblings than when the state was captured
        if task.position == before:
            return


def push_task_edit(context: AppContext, before: TaskState | None, after: TaskState,
                   trashed: Mapping[str, Path] | None = None, label: str = "") -> None:
    """Record a Save that has just been written, so Ctrl+Z can take it back.

    `label` names the task in the Edit menu ("II.1"); `trashed` maps the SHA-256 of each
    evidence file the save moved aside to where it went, so that undo can bring it back.
    """
    label = label or after.task.ordinal or after.task.content[:30]
    text = f"thêm nhiệm vụ {label}" if before is None else f"sửa nhiệm vụ {label}"
    undo_book(context.undo_stack)  # start a fresh book when the stack is empty
    context.undo_stack.push(TaskEditCommand(context, before, after, text.strip(), trashed))


def undo_or_redo(parent: QWidget | None, stack: QUndoStack, *, redo: bool = False) -> bool:
    """Undo (or redo) the last task edit; a failure is shown and changes nothing. True on success."""
    book = undo_book(stack)
    book.failure = None
    if redo:
        stack.redo()
    else:
        stack.undo()
    failure, book.failure = book.failure, None
    if failure is None:
        return True
    if not isinstance(failure, USER_ERRORS):
        raise failure
    show_error(parent, failure, "Không làm lại được" if redo else "Không hoàn tác được")
    return False
