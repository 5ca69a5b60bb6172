"""Evidence files in the task form: attached on Save, opened with the system viewer, removed, checked."""

import hashlib

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QMessageBox

from core.model import Role
from core.paths import attachments_dir
from storage.attachments import TRASH_FOLDER, attachment_path, list_attachments
from storage.database import StorageError
from tests.gui.task_form_data import build_world, enter_progress, occurrence, open_form, write_file

REPORT = "Báo cáo rà soát điểm trường.pdf"


@pytest.fixture
def world(context):
    return build_world(context.db)


@pytest.fixture
def report(tmp_path):
    folder = tmp_path / "tai_lieu"
    folder.mkdir()
    return write_file(folder, REPORT, b"%PDF-1.4 bao cao ra soat diem truong")


def _files(folder):
    if not folder.exists():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _attach(context, world, report):
    lead = world.unit("Phòng Giáo dục và Đào tạo")
    dialog = open_form(context, world, world.task)
    enter_progress(dialog, lead, percent="30")
    dialog.progress_panel.evidence.add_files([report])
    assert dialog.progress_panel.evidence.file_names() == [f"{REPORT}  (chưa lưu)"]
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    return occurrence(context.db, world.task.id, lead)


def test_an_attached_file_is_copied_with_its_hash_and_listed_on_reopening(context, world, report,
                                                                            monkeypatch):
    stored = _attach(context, world, report)
    [attachment] = list_attachments(context.db, stored.id)
    root = attachments_dir(context.db_path)
    assert attachment.sha256 == hashlib.sha256(report.read_bytes()).hexdigest()
    assert attachment_path(root, attachment).read_bytes() == report.read_bytes()

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = open_form(context, world, world.task)
    evidence = dialog.progress_panel.evidence
    assert evidence.file_names() == [f"{REPORT}  (36 B)"]
    evidence.list.setCurrentRow(0)
    evidence.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(attachment_path(root, attachment)))]


def test_a_removed_file_leaves_the_list_and_its_copy_goes_to_the_trash_folder(context, world, report):
    stored = _attach(context, world, report)
    dialog = open_form(context, world, world.task)
    evidence = dialog.progress_panel.evidence
    evidence.list.setCurrentRow(0)
    evidence.remove_button.click()
    assert evidence.file_names() == [] and dialog.is_modified()
    dialog.accept()
    root = attachments_dir(context.db_path)
    assert list_attachments(context.db, stored.id) == []
    assert _files(root) == [f"{TRASH_FOLDER}/{stored.id}/{REPORT}"]


def test_checking_the_files_marks_one_changed_since_it_was_attached(context, world, report):
    stored = _attach(context, world, report)
    [attachment] = list_attachments(context.db, stored.id)
    attachment_path(attachments_dir(context.db_path), attachment).write_bytes(b"da bi sua")
    dialog = open_form(context, world, world.task)
    evidence = dialog.progress_panel.evidence
    evidence.verify_button.click()
    assert evidence.file_names() == [f"{REPORT}  (36 B) — đã bị thay đổi"]
    assert "đã bị thay đổi sau khi đính kèm" in evidence.status.text()


def test_a_failed_save_leaves_no_copy_behind(context, world, report, monkeypatch):
    lead = world.unit("Phòng Giáo dục và Đào tạo")
    dialog = open_form(context, world, world.task)
    enter_progress(dialog, lead, percent="30")
    dialog.progress_panel.evidence.add_files([report])

    def refuse(*_args):
        raise StorageError("Không ghi được")

    monkeypatch.setattr("gui.dialogs.task.dialog.set_assignments", refuse)
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: None)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert _files(attachments_dir(context.db_path)) == []
    stored = occurrence(context.db, world.task.id, lead)
    assert list_attachments(context.db, stored.id) == [] and stored.progress == 0


def test_taking_a_unit_with_evidence_off_the_task_warns_and_moves_its_files_aside(context, world, report):
    stored = _attach(context, world, report)
    dialog = open_form(context, world, world.task)
    dialog.add_units(Role.SUPPORT, [world.units["Phòng Nội vụ"]])
    dialog.lead_list.list.setCurrentRow(0)
    dialog.lead_list.remove_button.click()
    assert "đã có tiến độ báo cáo" in dialog.assignment_message.text()
    dialog.accept()
    root = attachments_dir(context.db_path)
    assert _files(root) == [f"{TRASH_FOLDER}/{stored.id}/{REPORT}"]


def test_enter_on_a_file_opens_it_without_saving_the_form(qtbot, context, world, report, monkeypatch):
    _attach(context, world, report)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.fileName()) or True)
    dialog = open_form(context, world, world.task)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    evidence = dialog.progress_panel.evidence
    evidence.list.setCurrentRow(0)
    evidence.list.setFocus()
    qtbot.keyClick(evidence.list, Qt.Key.Key_Return)
    assert opened == [REPORT]
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
