"""Evidence files (tệp minh chứng) attached to an occurrence's progress report.

A file is copied into the attachments folder that travels with the database
(`core.paths.attachments_dir(db_path)`), under `<occurrence id>/<name>`, and recorded with its
SHA-256 and size so that a later check can tell whether it went missing or was changed. The
stored path is relative to that folder, so the database and the folder can be moved together.
Removing an attachment deletes its row and moves the copy to the `_da_xoa` subfolder: nothing
the user handed over is destroyed.

A database change and the file operations that go with it succeed or fail together: the file
operations are recorded in a `FileJournal` and undone when the transaction fails. Callers that
group several changes in one transaction open it with `file_transaction(db)` and pass the
journal it yields to every call.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path, PurePosixPath

from sqlite_utils import Database

from core.paths import attachments_dir
from core.vntext import nfc
from storage import audit
from storage.assignments import occurrence_label
from storage.database import StorageError, now_text, query_one, transaction

TRASH_FOLDER = "_da_xoa"
QUARANTINE_FOLDER = "_cach_ly"  # files no row refers to, moved aside by `repair_files`
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Attachment:
    """An evidence file as recorded: `stored_path` is relative to the attachments folder ("12/a.pdf")."""

    occurrence_id: int
    file_name: str
    stored_path: str
    sha256: str
    size: int
    added_at: datetime
    id: int | None = None


class AttachmentState(StrEnum):
    OK = "ok"
    MISSING = "missing"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class AttachmentCheck:
    """What `verify_attachment` found: the file as recorded, or missing, or with other contents."""

    attachment: Attachment
    state: AttachmentState
    actual_sha256: str | None = None

    @property
    def message(self) -> str:
        name = self.attachment.file_name
        if self.state is AttachmentState.MISSING:
            return f"Không tìm thấy tệp «{name}» trong thư mục tệp đính kèm"
        if self.state is AttachmentState.CHANGED:
            return f"Tệp «{name}» đã bị thay đổi sau khi đính kèm (mã SHA-256 khác)"
        return f"Tệp «{name}» còn nguyên như khi đính kèm"


class FileJournal:
    """File operations done while a database transaction is open, so they can be undone if it fails."""

    def __init__(self) -> None:
        self._undo: list[tuple[str, Callable[[], None]]] = []

    def created(self, path: Path) -> None:
        self._undo.append((f"xóa bản sao {path}", lambda: path.unlink(missing_ok=True)))

    def moved(self, source: Path, target: Path) -> None:
        self._undo.append((f"trả tệp {target} về {source}", lambda: os.replace(target, source)))

    def rollback(self) -> list[str]:
        """Undo every recorded operation, newest first; returns what could not be undone."""
        problems = []
        for what, undo in reversed(self._undo):
            try:
                undo()
            except OSError as error:
                # Keep undoing the rest; the caller reports these with the original failure.
                problems.append(f"Không {what} được: {error.strerror or error}")
        self._undo.clear()
        return problems


@contextmanager
def file_transaction(db: Database) -> Iterator[FileJournal]:
    """`storage.database.transaction(db)` plus a journal whose file operations are undone on failure.

    Use it as the outermost transaction: inside another transaction a failure of the outer one
    happens after this block has ended and would leave the files behind.
    """
    journal = FileJournal()
    try:
        with transaction(db):
            yield journal
    except BaseException as error:
        for problem in journal.rollback():
            error.add_note(problem)
        raise


def file_sha256(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size in bytes of a file."""
    digest = hashlib.sha256()
    size = 0
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def attachment_path(attachments_root: Path, attachment: Attachment) -> Path:
    """Where the attachment's copy lives; refuses a stored path that leaves the attachments folder."""
    relative = PurePosixPath(attachment.stored_path)
    if relative.is_absolute() or ".." in relative.parts:
        raise StorageError(f"Đường dẫn tệp đính kèm không hợp lệ: {attachment.stored_path}")
    return Path(attachments_root).joinpath(*relative.parts)


def list_attachments(db: Database, occurrence_id: int) -> list[Attachment]:
    """An occurrence's evidence files in the order they were added."""
    rows = db.query("SELECT * FROM attachments WHERE occurrence_id = ? ORDER BY id", [occurrence_id])
    return [_attachment(row) for row in rows]


def get_attachment(db: Database, attachment_id: int) -> Attachment:
    row = query_one(db, "SELECT * FROM attachments WHERE id = ?", [attachment_id])
    if row is None:
        raise StorageError(f"Không tìm thấy tệp đính kèm có mã số {attachment_id}")
    return _attachment(row)


def add_attachment(
    db: Database,
    occurrence_id: int,
    source_path: str | Path,
    attachments_root: str | Path,
    *,
    name: str | None = None,
    journal: FileJournal | None = None,
) -> Attachment:
    """Copy `source_path` into `<attachments_root>/<occurrence id>/` and record it with its SHA-256.

    The copy is named `name` (default: the source's name); a name already taken there gets
    " (2)", " (3)"… before its extension. Without `journal` the change is its own transaction;
    with one, the copy is removed if the caller's transaction fails.
    """
    if journal is None:
        with file_transaction(db) as own:
            return add_attachment(db, occurrence_id, source_path, attachments_root, name=name, journal=own)
    source = Path(source_path)
    if not source.is_file():
        raise StorageError(f"Không tìm thấy tệp {source} để đính kèm")
    root = Path(attachments_root)
    with transaction(db):
        label = occurrence_label(db, occurrence_id)
        target, sha256, size = _copy_in(source, root / str(occurrence_id), nfc(name or source.name))
        try:
            name = target.name
            stored = f"{occurrence_id}/{name}"
            cursor = db.execute(
                "INSERT INTO attachments (occurrence_id, file_name, stored_path, sha256, size, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (occurrence_id, name, stored, sha256, size, now_text()),
            )
            attachment_id = int(cursor.lastrowid)
            audit.record(db, "insert", "attachment", attachment_id, f"Đính kèm tệp «{name}» vào {label}")
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        journal.created(target)
        return get_attachment(db, attachment_id)


def remove_attachment(
    db: Database, attachment_id: int, attachments_root: str | Path, *, journal: FileJournal | None = None
) -> Path | None:
    """Delete the attachment's row and move its copy to `<attachments_root>/_da_xoa/<occurrence id>/`.

    Returns where the copy went, or None when it was already missing from the folder.
    """
    if journal is None:
        with file_transaction(db) as own:
            return remove_attachment(db, attachment_id, attachments_root, journal=own)
    root = Path(attachments_root)
    with transaction(db):
        attachment = get_attachment(db, attachment_id)
        label = occurrence_label(db, attachment.occurrence_id)
        db.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))
        summary = f"Bỏ tệp đính kèm «{attachment.file_name}» khỏi {label}"
        audit.record(db, "delete", "attachment", attachment_id, summary)
        current = attachment_path(root, attachment)
        if not current.is_file():
            return None
        folder = root / TRASH_FOLDER / str(attachment.occurrence_id)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            trashed = _free_name(folder, current.name)
            os.replace(current, trashed)
        except OSError as error:
            raise StorageError(
                f"Không chuyển được tệp «{attachment.file_name}» vào thư mục {TRASH_FOLDER}:"
                f" {error.strerror or error}"
            ) from error
        journal.moved(current, trashed)
        return trashed


def attachments_root_of(db: Database) -> Path | None:
    """The attachments folder of the file `db` is connected to; None for an in-memory database."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return attachments_dir(Path(file))
    return None


def trash_task_files(db: Database, task_ids: list[int], attachments_root: Path, journal: FileJournal) -> int:
    """Move the evidence files of these tasks' occurrences to `_da_xoa/` before the tasks are deleted.

    Their rows go with the tasks (ON DELETE CASCADE); the copies stay in the attachments trash,
    as `remove_attachment` leaves them. Returns how many files were moved.
    """
    moved = 0
    for task_id in task_ids:
        rows = db.execute(
            "SELECT f.id FROM attachments f JOIN occurrences o ON o.id = f.occurrence_id"
            " JOIN assignments a ON a.id = o.assignment_id WHERE a.task_id = ? ORDER BY f.id",
            (task_id,),
        ).fetchall()
        for (attachment_id,) in rows:
            if remove_attachment(db, attachment_id, attachments_root, journal=journal) is not None:
                moved += 1
    return moved


@dataclass(frozen=True, slots=True)
class FilesReport:
    """What `check_files` found: recorded files absent or changed, and files nothing records."""

    missing: list[Attachment]
    changed: list[Attachment]
    orphans: list[str]  # POSIX paths relative to the attachments folder

    def messages(self) -> list[str]:
        lines = [f"Thiếu tệp minh chứng «{a.file_name}» ({a.stored_path})" for a in self.missing]
        lines += [f"Tệp minh chứng «{a.file_name}» ({a.stored_path}) đã bị thay đổi" for a in self.changed]
        lines += [f"Tệp {path} trong thư mục tệp đính kèm không thuộc nhiệm vụ nào" for path in self.orphans]
        return lines


def check_files(db: Database, attachments_root: str | Path, *, rehash: bool = True) -> FilesReport:
    """Compare the attachments table with the folder; `rehash` also re-reads every file's SHA-256."""
    root = Path(attachments_root)
    missing, changed, recorded = [], [], set()
    for row in db.query("SELECT * FROM attachments ORDER BY id"):
        attachment = _attachment(row)
        recorded.add(attachment.stored_path)
        try:
            path = attachment_path(root, attachment)
        except StorageError:
            missing.append(attachment)
            continue
        if not path.is_file():
            missing.append(attachment)
        elif rehash and file_sha256(path)[0] != attachment.sha256:
            changed.append(attachment)
    orphans = []
    if root.is_dir():
        for folder, dirs, files in os.walk(root):
            if Path(folder) == root:
                # The trash and the quarantine hold files on purpose.
                dirs[:] = [d for d in dirs if d not in (TRASH_FOLDER, QUARANTINE_FOLDER)]
            dirs.sort()
            for name in sorted(files):
                relative = (Path(folder) / name).relative_to(root).as_posix()
                if nfc(relative) not in recorded and relative not in recorded:
                    orphans.append(relative)
    return FilesReport(missing, changed, orphans)


def repair_files(db: Database, attachments_root: str | Path) -> list[str]:
    """Fix what can be fixed: orphans go to `_cach_ly/`, missing files are noted in the audit log.

    Returns one line per thing done. Nothing is deleted; a missing file cannot be brought back
    here (a backup may still hold it).
    """
    root = Path(attachments_root)
    report = check_files(db, root, rehash=False)
    done = []
    for relative in report.orphans:
        source = root.joinpath(*relative.split("/"))
        target = root / QUARANTINE_FOLDER / Path(*relative.split("/"))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target = _free_name(target.parent, target.name)
            os.replace(source, target)
        except OSError as error:
            reason = error.strerror or error
            done.append(f"Không chuyển được tệp {relative} vào {QUARANTINE_FOLDER}: {reason}")
            continue
        done.append(f"Đã chuyển tệp {relative} vào thư mục {QUARANTINE_FOLDER}")
    if report.missing:
        with transaction(db):
            for attachment in report.missing:
                what = f"«{attachment.file_name}» ({attachment.stored_path})"
                summary = f"Kiểm tra: thiếu tệp minh chứng {what}"
                audit.record(db, "update", "attachment", attachment.id, summary)
                done.append(f"Đã ghi nhận thiếu tệp «{attachment.file_name}» vào nhật ký")
    return done


def verify_attachment(db: Database, attachment_id: int, attachments_root: str | Path) -> AttachmentCheck:
    """Re-hash the attachment's copy and compare it with what was recorded."""
    attachment = get_attachment(db, attachment_id)
    path = attachment_path(Path(attachments_root), attachment)
    if not path.is_file():
        return AttachmentCheck(attachment, AttachmentState.MISSING)
    try:
        sha256, _size = file_sha256(path)
    except OSError as error:
        raise StorageError(f"Không đọc được tệp {path}: {error.strerror or error}") from error
    if sha256 != attachment.sha256:
        return AttachmentCheck(attachment, AttachmentState.CHANGED, sha256)
    return AttachmentCheck(attachment, AttachmentState.OK, sha256)


def _copy_in(source: Path, folder: Path, name: str) -> tuple[Path, str, int]:
    """Copy `source` into `folder` as `name`, or a free variant of it, hashing while copying."""
    if name in ("", ".", "..") or Path(name).name != name:
        raise StorageError(f"Tên tệp đính kèm không hợp lệ: «{name}»")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = error.strerror or error
        raise StorageError(f"Không tạo được thư mục tệp đính kèm {folder}: {reason}") from error
    while True:
        target = _free_name(folder, name)
        try:
            handle = target.open("xb")  # never overwrite a copy that appeared meanwhile
        except FileExistsError:
            continue
        except OSError as error:
            reason = error.strerror or error
            raise StorageError(f"Không chép được tệp «{name}» vào {folder}: {reason}") from error
        break
    digest = hashlib.sha256()
    size = 0
    try:
        with handle, source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                handle.write(chunk)
                size += len(chunk)
    except OSError as error:
        target.unlink(missing_ok=True)
        raise StorageError(f"Không chép được tệp {source}: {error.strerror or error}") from error
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target, digest.hexdigest(), size


def _free_name(folder: Path, name: str) -> Path:
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem} ({counter}){suffix}"
        counter += 1
    return candidate


def _attachment(row: dict) -> Attachment:
    return Attachment(
        occurrence_id=row["occurrence_id"],
        file_name=row["file_name"],
        stored_path=row["stored_path"],
        sha256=row["sha256"],
        size=row["size"],
        added_at=datetime.fromisoformat(row["added_at"]),
        id=row["id"],
    )
