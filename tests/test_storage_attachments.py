"""Evidence files: copied beside the database with their SHA-256, removed to "_da_xoa", verified."""

import hashlib
from datetime import date
from pathlib import Path

import pytest

from core.model import Plan, Role, Task, Unit
from core.paths import attachments_dir
from storage.assignments import list_assignments, list_occurrences, set_assignments
from storage.attachments import (
    TRASH_FOLDER,
    AttachmentState,
    add_attachment,
    attachment_path,
    file_transaction,
    list_attachments,
    remove_attachment,
    verify_attachment,
)
from storage.audit import list_audit
from storage.database import StorageError
from storage.plans import save_plan
from storage.tasks import save_task
from storage.units import save_unit


@pytest.fixture
def occurrence_id(db):
    plan = save_plan(db, Plan("Chuyển đổi số năm 2025", number="12", symbol="KH-PGDĐT",
                              period_start=date(2025, 1, 1), period_end=date(2025, 12, 31)))
    task = save_task(db, Task(plan.id, "Số hóa hồ sơ học sinh", ordinal="1", timeframe_text="Năm 2025"))
    unit = save_unit(db, Unit("Trường THCS Sơn Bình"))
    set_assignments(db, task.id, [(unit.id, Role.LEAD, None)])
    [row] = list_assignments(db, task.id)
    [occurrence] = list_occurrences(db, row.assignment.id)
    return occurrence.id


@pytest.fixture
def root(db_path):
    return attachments_dir(db_path)


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "nguon" / "Báo cáo kết quả.pdf"
    path.parent.mkdir()
    path.write_bytes(b"%PDF-1.4 bao cao ket qua so hoa")
    return path


def _files(folder: Path) -> list[str]:
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_file_is_copied_beside_the_database_with_its_hash_and_size(db, db_path, occurrence_id, root,
                                                                     report):
    attachment = add_attachment(db, occurrence_id, report, root)
    assert attachment.stored_path == f"{occurrence_id}/Báo cáo kết quả.pdf"
    assert root == db_path.with_name("kehoach_tep_dinh_kem")
    copy = attachment_path(root, attachment)
    assert copy.read_bytes() == report.read_bytes()
    assert attachment.sha256 == hashlib.sha256(report.read_bytes()).hexdigest()
    assert attachment.size == len(report.read_bytes())
    assert list_attachments(db, occurrence_id) == [attachment]
    [entry] = list_audit(db, entity="attachment")
    assert entry.action == "insert" and "Báo cáo kết quả.pdf" in entry.summary
    assert report.exists()  # the user's own file is left where it was


def test_a_name_already_taken_gets_a_number(db, occurrence_id, root, report):
    first = add_attachment(db, occurrence_id, report, root)
    second = add_attachment(db, occurrence_id, report, root)
    assert first.file_name == "Báo cáo kết quả.pdf"
    assert second.file_name == "Báo cáo kết quả (2).pdf"
    assert attachment_path(root, second).is_file()


def test_removal_moves_the_copy_to_the_trash_folder(db, occurrence_id, root, report):
    attachment = add_attachment(db, occurrence_id, report, root)
    trashed = remove_attachment(db, attachment.id, root)
    assert list_attachments(db, occurrence_id) == []
    assert trashed == root / TRASH_FOLDER / str(occurrence_id) / "Báo cáo kết quả.pdf"
    assert trashed.read_bytes() == report.read_bytes()
    assert not attachment_path(root, attachment).exists()
    assert [entry.action for entry in list_audit(db, entity="attachment")] == ["delete", "insert"]


def test_verify_reports_a_changed_or_missing_copy(db, occurrence_id, root, report):
    attachment = add_attachment(db, occurrence_id, report, root)
    assert verify_attachment(db, attachment.id, root).state is AttachmentState.OK
    copy = attachment_path(root, attachment)
    copy.write_bytes(b"noi dung khac")
    check = verify_attachment(db, attachment.id, root)
    assert check.state is AttachmentState.CHANGED
    assert check.actual_sha256 == hashlib.sha256(b"noi dung khac").hexdigest()
    assert "đã bị thay đổi" in check.message
    copy.unlink()
    check = verify_attachment(db, attachment.id, root)
    assert check.state is AttachmentState.MISSING and "Không tìm thấy tệp" in check.message


def test_a_failed_transaction_leaves_neither_row_nor_copy(db, occurrence_id, root, report):
    with pytest.raises(RuntimeError), file_transaction(db) as journal:
        add_attachment(db, occurrence_id, report, root, journal=journal)
        assert _files(root) == [f"{occurrence_id}/Báo cáo kết quả.pdf"]
        raise RuntimeError("lỗi sau khi chép")
    assert list_attachments(db, occurrence_id) == []
    assert _files(root) == []


def test_a_failed_transaction_puts_a_removed_copy_back(db, occurrence_id, root, report):
    attachment = add_attachment(db, occurrence_id, report, root)
    with pytest.raises(RuntimeError), file_transaction(db) as journal:
        remove_attachment(db, attachment.id, root, journal=journal)
        raise RuntimeError("lỗi sau khi chuyển")
    assert list_attachments(db, occurrence_id) == [attachment]
    assert attachment_path(root, attachment).read_bytes() == report.read_bytes()
    assert _files(root / TRASH_FOLDER) == []


def test_an_unknown_occurrence_or_missing_source_copies_nothing(db, occurrence_id, root, report, tmp_path):
    with pytest.raises(StorageError, match="Không tìm thấy lượt thực hiện"):
        add_attachment(db, occurrence_id + 99, report, root)
    with pytest.raises(StorageError, match="Không tìm thấy tệp"):
        add_attachment(db, occurrence_id, tmp_path / "khong-co.pdf", root)
    assert _files(root) == []
    assert list_audit(db, entity="attachment") == []


def test_a_stored_path_outside_the_folder_is_refused(db, occurrence_id, root, report):
    attachment = add_attachment(db, occurrence_id, report, root)
    db.execute("UPDATE attachments SET stored_path = '../../etc/passwd' WHERE id = ?", (attachment.id,))
    db.conn.commit()
    with pytest.raises(StorageError, match="không hợp lệ"):
        verify_attachment(db, attachment.id, root)
