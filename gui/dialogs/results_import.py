"""«Nhập kết quả từ đơn vị…»: returned templates (one file or a whole folder) previewed, then written.

The dialog reads the chosen files off the UI thread and shows, per file, the unit, how its rows
were matched, how many rows change, every change old → new (a task's progress, difficulties and
proposals; a target figure; a unit's «Báo cáo chung» for the period) and every problem (file, sheet, row,
column, reason), with a summary of which units reported, which did not and which files were
refused. Nothing is written until «Ghi vào dữ liệu» is confirmed; each file is then written in one
transaction and the preview is read again, so the user sees that nothing is left to import.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.exchange.preview import FilePreview
from gui.context import AppContext, Change
from gui.models.import_preview import ChangesModel, FilesModel, ProblemsModel
from gui.models.sorting import VietnameseSortProxy
from gui.operations import run_with_progress

XLSX_FILTER = "Bảng tính Excel (*.xlsx);;Tất cả các tệp (*)"
REPORT_TASK = "Báo cáo chung của đơn vị"


class MaterialChangesModel(ChangesModel):
    """ChangesModel plus one row per changed field of a unit's «Báo cáo chung» (task: REPORT_TASK,
    year column: the period). Kept here until gui.models.import_preview lists report changes itself."""

    def set_previews(self, previews: Sequence[FilePreview]) -> None:
        super().set_previews(previews)
        reports = [
            (
                preview.name,
                change.unit_name,
                REPORT_TASK,
                change.period_label,
                label,
                old or "—",
                new or "—",
                change.row,
            )
            for preview in previews
            for change in preview.report_changes
            for label, old, new in change.differences()
        ]
        if reports:
            self.set_rows([*(self.row_at(row) for row in range(self.rowCount())), *reports])


def summary_text(summary, previews: Sequence[FilePreview]) -> str:
    """The folder summary as the user reads it: reported, not reported, refused files."""
    if not previews:
        return "Chưa chọn tệp nào."
    lines = [f"Đã đọc {len(previews)} tệp."]
    if summary is not None:
        lines.append(f"Đơn vị đã báo cáo ({len(summary.reported)}): {', '.join(summary.reported) or '—'}")
        lines.append(
            f"Đơn vị chưa báo cáo ({len(summary.not_reported)}): {', '.join(summary.not_reported) or '—'}"
        )
        if summary.rejected:
            lines.append(f"Tệp bị từ chối ({len(summary.rejected)}):")
            lines.extend(f"  • {name}: {reason}" for name, reason in summary.rejected)
        else:
            lines.append("Tệp bị từ chối: không có")
    noted = [(preview.name, note) for preview in previews for note in preview.notes]
    if noted:
        lines.append(f"Lưu ý ({len(noted)}):")
        lines.extend(f"  • {name}: {note}" for name, note in noted)
    return "\n".join(lines)


class ResultsImportDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None, plan_id: int | None = None):
        super().__init__(parent)
        self.context = context
        self.plan_id = plan_id
        self.paths: list[Path] = []
        self.folder: Path | None = None
        self.previews: list[FilePreview] = []
        self.summary = None
        self.setWindowTitle("Nhập kết quả từ đơn vị")
        self.resize(1100, 700)

        self.source_label = QLabel("Chọn biểu mẫu các đơn vị gửi lại: một tệp .xlsx hoặc cả thư mục.")
        self.source_label.setWordWrap(True)
        files_button = QPushButton("Chọn &tệp…")
        files_button.setToolTip("Chọn một hay nhiều tệp .xlsx đơn vị gửi lại")
        files_button.clicked.connect(self.choose_files)
        folder_button = QPushButton("Chọn thư &mục…")
        folder_button.setToolTip(
            "Đọc mọi tệp .xlsx trong thư mục (ví dụ thư mục lưu tệp nhận qua thư điện tử)"
        )
        folder_button.clicked.connect(self.choose_folder)
        top = QHBoxLayout()
        top.addWidget(self.source_label, 1)
        top.addWidget(files_button)
        top.addWidget(folder_button)

        self.files_model = FilesModel(self)
        self.changes_model = MaterialChangesModel(self)
        self.problems_model = ProblemsModel(self)
        self.files_view = self._table(self.files_model, FilesModel.COL_FILE)
        self.changes_view = self._table(self.changes_model, ChangesModel.COL_TASK)
        self.problems_view = self._table(self.problems_model, ProblemsModel.COL_REASON)
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setReadOnly(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.changes_view, "T&hay đổi")
        self.tabs.addTab(self.problems_view, "&Vấn đề")
        self.tabs.addTab(self.summary_edit, "Tổng &hợp")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.files_view)
        splitter.addWidget(self.tabs)
        splitter.setSizes([220, 420])

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton("&Ghi vào dữ liệu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setToolTip(
            "Ghi các thay đổi của những tệp được nhận; mỗi tệp ghi trọn vẹn hoặc không ghi gì"
        )
        self.apply_button.clicked.connect(self.confirm_and_apply)
        close = buttons.addButton("Đó&ng", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self._show([], None)

    def _table(self, model, stretch: int) -> QTableView:
        proxy = VietnameseSortProxy(self)
        proxy.setSourceModel(model)
        view = QTableView()
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setWordWrap(True)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return view

    # ------------------------------------------------------------------ choosing
    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Chọn biểu mẫu đơn vị gửi lại", str(Path.home()), XLSX_FILTER
        )
        if names:
            self.load([Path(name) for name in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục chứa biểu mẫu", str(Path.home()))
        if folder:
            self.load_folder(Path(folder))

    def load_folder(self, folder: Path) -> None:
        from storage.exchange import xlsx_files

        files = xlsx_files(folder)
        if not files:
            QMessageBox.information(self, "Nhập kết quả", f"Thư mục {folder} không có tệp .xlsx nào.")
            return
        self.load(files, folder)

    def load(self, paths: Sequence[Path], folder: Path | None = None) -> None:
        """Read and preview `paths` on the worker; nothing is written."""
        self.paths = list(paths)
        self.folder = folder
        where = f"thư mục {folder}" if folder else ", ".join(path.name for path in self.paths[:3])
        more = f" và {len(self.paths) - 3} tệp khác" if not folder and len(self.paths) > 3 else ""
        self.source_label.setText(f"Nguồn: {where}{more}")
        db_path, paths, plan_id = self.context.db_path, self.paths, self.plan_id

        def job(progress):
            from storage.database import open_database
            from storage.exchange import import_summary, preview_files

            db = open_database(db_path)
            try:
                previews = preview_files(db, paths, plan_id=plan_id, report=progress.report)
                return previews, import_summary(db, previews)
            finally:
                db.close()

        run_with_progress(self, self.context, "Đang đọc các tệp…", job, lambda result: self._show(*result))

    def _show(self, previews: list[FilePreview], summary) -> None:
        self.previews, self.summary = previews, summary
        for model in (self.files_model, self.changes_model, self.problems_model):
            model.set_previews(previews)
        for view in (self.files_view, self.changes_view, self.problems_view):
            view.resizeColumnsToContents()
        self.summary_edit.setPlainText(summary_text(summary, previews))
        changes = sum(preview.change_count for preview in previews if preview.accepted)
        files = sum(1 for preview in previews if preview.accepted and preview.change_count)
        refused = sum(1 for preview in previews if not preview.accepted)
        problems = sum(len(preview.problems) for preview in previews)
        self.apply_button.setEnabled(changes > 0)
        self.tabs.setTabText(0, f"T&hay đổi ({changes})")
        self.tabs.setTabText(1, f"&Vấn đề ({problems})")
        if not previews:
            self.status_label.setText("Chưa có tệp nào. Nhấn «Chọn tệp…» hoặc «Chọn thư mục…» để bắt đầu.")
        else:
            self.status_label.setText(
                f"{changes} thay đổi trong {files} tệp sẽ được ghi; {refused} tệp bị từ chối; "
                f"{problems} vấn đề (các dòng có vấn đề được bỏ qua). Chưa ghi gì vào dữ liệu."
            )

    # ------------------------------------------------------------------ applying
    def confirm_and_apply(self) -> None:
        ready = [preview for preview in self.previews if preview.accepted and preview.change_count]
        if not ready:
            return
        count = sum(preview.change_count for preview in ready)
        answer = QMessageBox.question(
            self,
            "Ghi kết quả",
            f"Ghi {count} thay đổi từ {len(ready)} tệp vào dữ liệu?\n\n"
            "Mỗi tệp được ghi trọn vẹn trong một lần; lịch sử tiến độ ghi rõ tên tệp nguồn.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        db_path = self.context.db_path

        def job(progress):
            from storage.database import StorageError, open_database
            from storage.exchange import apply_file

            db = open_database(db_path)
            written, failed = 0, []
            try:
                for index, preview in enumerate(ready):
                    progress.report(index, len(ready), f"Đang ghi {preview.name}…")
                    try:
                        written += apply_file(db, preview)
                    except StorageError as error:
                        failed.append(str(error))
            finally:
                db.close()
            return written, failed

        run_with_progress(self, self.context, "Đang ghi kết quả…", job, self._applied)

    def _applied(self, result) -> None:
        written, failed = result
        self.context.changed(Change.PROGRESS)
        self.context.changed(Change.INDICATORS)
        text = f"Đã ghi {written} thay đổi."
        if failed:
            text += "\n\nKhông ghi được:\n" + "\n".join(f"• {reason}" for reason in failed)
        QMessageBox.information(self, "Nhập kết quả", text)
        if self.paths:
            self.load(self.paths, self.folder)  # shows that nothing is left to import
