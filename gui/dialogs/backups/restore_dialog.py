"""Tệp → «Khôi phục từ bản sao lưu…»: pick an automatic copy, check it, confirm, restore, reopen.

The dialog lists the copies (date, why it was taken, plans, tasks, evidence files, size); the
chosen copy is checked on the worker (integrity and every evidence file re-hashed) before the
confirmation is asked. `restore_from_backup` then closes the application's connection, restores
database and files together on the worker, and reopens the file whatever the outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.context import AppContext
from gui.models.base import RowTableModel
from gui.operations import run_with_progress, show_error
from storage.backup import BackupInfo, list_backups, restore_database, verify_backup

COL_WHEN, COL_REASON, COL_PLANS, COL_TASKS, COL_FILES, COL_SIZE, COL_FOLDER = range(7)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class BackupTableModel(RowTableModel[BackupInfo]):
    HEADERS = ("Thời điểm", "Lý do", "Kế hoạch", "Nhiệm vụ", "Tệp minh chứng", "Dung lượng", "Thư mục")
    HEADER_TIPS = ("", "", "Số kế hoạch (không kể thùng rác)", "", "", "Cơ sở dữ liệu và tệp minh chứng")

    def cell(self, row: BackupInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{row.created_at:%d/%m/%Y %H:%M}",
                row.reason_label,
                str(row.plans),
                str(row.tasks),
                str(row.files),
                row.size_text,
                str(row.path.parent),
            )[column]
        numeric = column in (COL_PLANS, COL_TASKS, COL_FILES, COL_SIZE)
        if role == Qt.ItemDataRole.TextAlignmentRole and numeric:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(row.path)
        return None


class RestoreBackupDialog(QDialog):
    """The automatic copies of the open file; accepted with `chosen` set once checked and confirmed."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.chosen: BackupInfo | None = None
        self.setWindowTitle("Khôi phục từ bản sao lưu")
        self.resize(860, 420)
        intro = QLabel(
            f"Các bản sao lưu tự động của tệp <b>{context.db_path.name}</b>. Khi khôi phục, tệp dữ liệu và "
            "các tệp minh chứng hiện tại được giữ lại một bản (đuôi <i>.before-restore</i>) rồi được thay "
            "cùng lúc bằng bản đã chọn."
        )
        intro.setWordWrap(True)
        self.model = BackupTableModel(self)
        self.model.set_rows(list_backups(context.db_path))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_FOLDER, header.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        self.table.doubleClicked.connect(lambda _index: self.check_and_confirm())
        self.empty_label = QLabel("Chưa có bản sao lưu tự động nào: bản đầu tiên được tạo khi mở tệp.")
        self.empty_label.setVisible(self.model.rowCount() == 0)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.restore_button = QPushButton("&Kiểm tra và khôi phục…")
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.check_and_confirm)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        close.button(QDialogButtonBox.StandardButton.Cancel).setText("Đó&ng")
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        if self.model.rowCount():
            self.table.selectRow(0)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def check_and_confirm(self) -> None:
        info = self.selected()
        if info is None:
            return
        self.status_label.setText("Đang kiểm tra bản sao lưu…")

        def job(progress):
            label = f"Đang kiểm tra bản sao lưu {info.created_at:%d/%m/%Y %H:%M}…"

            def step(done: int, total: int) -> None:
                progress.check()  # Hủy: the check stops between two files
                progress.report(done, total, label)

            return verify_backup(info.path, step)

        def checked(problems: list[str]) -> None:
            self._checked(info, problems)

        self._check_progress = run_with_progress(self, self.context, "Kiểm tra bản sao lưu", job, checked)

    def _checked(self, info: BackupInfo, problems: list[str]) -> None:
        if problems:
            more = f" (và {len(problems) - 1} lỗi khác)" if len(problems) > 1 else ""
            self.status_label.setText(f"Bản sao lưu này không dùng được: {problems[0]}{more}")
            return
        self.status_label.setText("Bản sao lưu còn nguyên vẹn.")
        answer = QMessageBox.question(
            self,
            "Khôi phục từ bản sao lưu",
            f"Khôi phục tệp {self.context.db_path.name} về bản lúc {info.created_at:%H:%M ngày %d/%m/%Y}"
            f" ({info.plans} kế hoạch, {info.tasks} nhiệm vụ, {info.files} tệp minh chứng)?\n\n"
            "Mọi thay đổi sau thời điểm đó sẽ không còn trong tệp; tệp hiện tại được giữ lại một bản.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.chosen = info
            self.accept()


def restore_from_backup(
    parent: QWidget, context: AppContext, reopen: Callable[[Path], bool], backup: BackupInfo
) -> None:
    """Restore `backup` over the open file on the worker, then `reopen` it (also after a failure)."""
    path = context.db_path
    # The application's own connection must be closed: the file is replaced under it.
    context.db.close()

    def job(progress):
        progress.report(0, 0, "Đang khôi phục tệp dữ liệu và tệp minh chứng…")
        # Not cancellable: once files start moving, stopping halfway is what must not happen.
        try:
            return restore_database(backup.path, path)
        except Exception as error:
            return error  # reported after the file is open again, whatever it was

    def done(result) -> None:
        reopen(path)
        if isinstance(result, BaseException):
            show_error(parent, result, "Không khôi phục được")
            return
        note = f" Tệp trước khi khôi phục được giữ tại {result}." if result else ""
        QMessageBox.information(
            parent, "Đã khôi phục", f"Đã khôi phục về bản lúc {backup.created_at:%H:%M ngày %d/%m/%Y}.{note}"
        )

    run_with_progress(parent, context, "Khôi phục từ bản sao lưu", job, done)
