"""«Xuất bảng tính…»: a plan's annex, its progress report or the collection templates as .xlsx.

The user picks the plan, what to export, the date the figures are taken at, and for templates the
units (one workbook with a sheet each, or one file per unit named after the unit and the plan, to
send to each of them). The files are written off the UI thread.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import UserError
from core.exchange.template import default_period
from core.periods import Period
from core.plan_names import plan_choice_text
from gui.context import AppContext
from gui.operations import run_with_progress
from gui.period_picker import PeriodPicker

KINDS = (
    ("annex", "Phụ lục nhiệm vụ của kế hoạch"),
    ("progress", "Báo cáo tiến độ thực hiện (tổng hợp, nhiệm vụ, chỉ tiêu)"),
    ("template", "Biểu mẫu thu thập kết quả gửi đơn vị"),
)


def export_job(
    db_path: Path,
    kind: str,
    plan_id: int,
    as_of: date,
    out: Path,
    unit_ids: list[int] | None,
    per_unit: bool,
    period: Period | None = None,
):
    """The work of the dialog, runnable on a worker: returns the files written.

    `period` is the report period a template collects for (its «Báo cáo chung» sheet and the units'
    reports pre-filled); default `core.exchange.template.default_period` of `as_of`."""
    from core.exchange.annex import write_annex
    from core.exchange.progress import write_progress
    from core.exchange.template import template_file_name, write_template
    from storage import exchange
    from storage.database import open_database
    from storage.plans import get_plan

    def job(progress) -> list[Path]:
        try:
            return write(progress)
        except PermissionError as error:
            raise UserError(
                f"Không ghi được tệp {Path(error.filename or out).name}: tệp đang mở (Excel?) "
                "hoặc thư mục không cho phép ghi"
            ) from error

    def write(progress) -> list[Path]:
        db = open_database(db_path)
        try:
            plan, margins = get_plan(db, plan_id), exchange.margins(db)
            if kind == "annex":
                return [write_annex(plan, exchange.annex_rows(db, plan_id), out, margins_mm=margins)]
            if kind == "progress":
                return [write_progress(exchange.progress_report(db, plan_id, as_of), out, margins_mm=margins)]
            units = exchange.template_units(db, plan_id, unit_ids, as_of, period.code if period else None)
            if not units:
                raise UserError("Kế hoạch chưa giao nhiệm vụ cho đơn vị nào: chưa có gì để lập biểu mẫu")
            if not per_unit:
                return [write_template(plan, units, out, as_of=as_of, period=period, margins_mm=margins)]
            out.mkdir(parents=True, exist_ok=True)
            written = []
            for index, unit in enumerate(units):
                progress.report(index, len(units), f"Đang lập biểu mẫu cho {unit.unit_name}…")
                progress.check()
                path = out / template_file_name(plan, unit.unit_name)
                written.append(
                    write_template(plan, [unit], path, as_of=as_of, period=period, margins_mm=margins)
                )
            return written
        finally:
            db.close()

    return job


class ExportDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.written: list[Path] = []
        self.setWindowTitle("Xuất bảng tính")
        self.resize(640, 540)
        from storage.plans import list_plans

        self.plan_combo = QComboBox()
        for plan in list_plans(context.db):
            self.plan_combo.addItem(plan_choice_text(plan), plan.id)
            self.plan_combo.setItemData(self.plan_combo.count() - 1, plan.title, Qt.ItemDataRole.ToolTipRole)
        if context.current_plan_id is not None:
            self.plan_combo.setCurrentIndex(max(0, self.plan_combo.findData(context.current_plan_id)))
        self.plan_combo.setToolTip("Kế hoạch cần xuất")
        self.kind_combo = QComboBox()
        for key, label in KINDS:
            self.kind_combo.addItem(label, key)
        self.as_of_edit = QDateEdit(QDate.currentDate())
        self.as_of_edit.setDisplayFormat("dd/MM/yyyy")
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setToolTip("Tình trạng nhiệm vụ được tính đến ngày này")
        self.period_picker = PeriodPicker(default_period(date.today()))
        self.period_picker.setToolTip(
            "Kỳ đơn vị báo cáo trong biểu mẫu (trang «Báo cáo chung»); mặc định kỳ vừa chốt số liệu"
        )
        self._period_chosen = False  # until the user picks one, the period follows the date
        self._following = False
        self.period_picker.changed.connect(self._period_picked)
        self.as_of_edit.dateChanged.connect(self._as_of_changed)
        self.units_list = QListWidget()
        self.units_list.setToolTip("Đơn vị được lập biểu mẫu (đánh dấu để chọn)")
        self.all_units = QCheckBox("Chọn tất &cả đơn vị")
        self.all_units.setChecked(True)
        self.all_units.toggled.connect(self._check_all)
        self.per_unit = QCheckBox("&Mỗi đơn vị một tệp (đặt tên theo đơn vị và kế hoạch)")
        self.per_unit.setToolTip(
            "Để gửi riêng cho từng đơn vị; bỏ chọn để gộp vào một tệp, mỗi đơn vị một trang"
        )
        self.per_unit.toggled.connect(self._suggest_path)
        self.path_edit = QLineEdit()
        browse = QPushButton("&Chọn…")
        browse.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)

        form = QFormLayout()
        form.addRow("&Kế hoạch:", self.plan_combo)
        form.addRow("&Loại bảng tính:", self.kind_combo)
        form.addRow("Tính đến &ngày:", self.as_of_edit)
        self.period_label = QLabel("Kỳ &báo cáo:")
        self.period_label.setBuddy(self.period_picker)
        form.addRow(self.period_label, self.period_picker)
        self.units_label = QLabel("Đơn &vị:")
        self.units_label.setBuddy(self.units_list)
        form.addRow(self.units_label, self.units_list)
        form.addRow("", self.all_units)
        form.addRow("", self.per_unit)
        path_label = QLabel("Lưu và&o:")
        path_label.setBuddy(self.path_edit)
        form.addRow(path_label, path_row)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Xuất")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Hủy")
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        self.plan_combo.currentIndexChanged.connect(self._plan_changed)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self._plan_changed()
        self._kind_changed()

    # ------------------------------------------------------------------ state
    def kind(self) -> str:
        return self.kind_combo.currentData()

    def plan_id(self) -> int | None:
        return self.plan_combo.currentData()

    def selected_unit_ids(self) -> list[int]:
        return [
            self.units_list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.units_list.count())
            if self.units_list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _plan_changed(self) -> None:
        from storage.exchange import assigned_units

        self.units_list.clear()
        if self.plan_id() is not None:
            for unit_id, name in assigned_units(self.context.db, self.plan_id()):
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, unit_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if self.all_units.isChecked() else Qt.CheckState.Unchecked
                )
                self.units_list.addItem(item)
        self._suggest_path()

    def _kind_changed(self) -> None:
        template = self.kind() == "template"
        for widget in (self.units_list, self.units_label, self.all_units, self.per_unit, self.period_picker,
                       self.period_label):  # fmt: skip
            widget.setEnabled(template)
        self._suggest_path()

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.units_list.count()):
            self.units_list.item(row).setCheckState(state)

    def _suggest_path(self) -> None:
        from core.exchange.template import template_file_name
        from storage.plans import get_plan

        if self.plan_id() is None:
            return
        plan = get_plan(self.context.db, self.plan_id())
        reference = plan.reference.replace("/", "-") if plan.reference else f"ke hoach {plan.id}"
        folder = Path(self.path_edit.text()).parent if self.path_edit.text() else self.context.db_path.parent
        if self.kind() == "template" and self.per_unit.isChecked():
            self.path_edit.setText(str(folder / f"Biểu mẫu KH {reference}"))
            return
        names = {
            "annex": f"Phụ lục - KH {reference}.xlsx",
            "progress": f"Tiến độ - KH {reference} - {self._as_of().isoformat()}.xlsx",
            "template": template_file_name(plan),
        }
        self.path_edit.setText(str(folder / names[self.kind()]))

    def _period_picked(self) -> None:
        if not self._following:
            self._period_chosen = True

    def _as_of_changed(self) -> None:
        if not self._period_chosen:
            self._following = True
            self.period_picker.set_period(default_period(self._as_of()))
            self._following = False

    def period(self) -> Period:
        return self.period_picker.period()

    def _as_of(self) -> date:
        value = self.as_of_edit.date()
        return date(value.year(), value.month(), value.day())

    def browse(self) -> None:
        if self.kind() == "template" and self.per_unit.isChecked():
            folder = QFileDialog.getExistingDirectory(
                self, "Chọn thư mục lưu biểu mẫu", self.path_edit.text()
            )
            if folder:
                self.path_edit.setText(folder)
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Lưu bảng tính", self.path_edit.text(), "Bảng tính Excel (*.xlsx)"
        )
        if path:
            self.path_edit.setText(path if path.lower().endswith(".xlsx") else f"{path}.xlsx")

    # ------------------------------------------------------------------ export
    def problem(self) -> str:
        """Why the export cannot start, or ""."""
        if self.plan_id() is None:
            return "Chưa có kế hoạch nào. Hãy thêm hoặc nhập một kế hoạch trước."
        text = self.path_edit.text().strip()
        if not text:
            return "Chọn nơi lưu tệp."
        per_unit = self.kind() == "template" and self.per_unit.isChecked()
        if not per_unit and not text.lower().endswith(".xlsx"):
            return "Tên tệp phải có đuôi .xlsx."
        if not per_unit and not Path(text).parent.is_dir():
            return f"Không có thư mục {Path(text).parent}."
        if self.kind() == "template" and not self.selected_unit_ids():
            return "Chọn ít nhất một đơn vị để lập biểu mẫu."
        return ""

    def export(self) -> None:
        problem = self.problem()
        self.error_label.setText(problem)
        if problem:
            return
        template = self.kind() == "template"
        job = export_job(
            self.context.db_path,
            self.kind(),
            self.plan_id(),
            self._as_of(),
            Path(self.path_edit.text().strip()),
            self.selected_unit_ids() if template else None,
            template and self.per_unit.isChecked(),
            self.period() if template else None,
        )

        def done(written: list[Path]) -> None:
            self.written = written
            self.accept()

        run_with_progress(self, self.context, "Đang xuất bảng tính…", job, done)
