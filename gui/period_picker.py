"""A report period picked the way a clerk names it: «Quý» «Quý II» «2025», «Học kỳ I» «2025»
(năm học 2025-2026). It answers a `core.periods.Period` with the default cut-off dates; the
reports and the collection template both pick their period with it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from core.periods import Period, parse_period

# (key, label, the numbers the period is chosen by within its year: (value, label), …)
PERIOD_KINDS: tuple[tuple[str, str, tuple[tuple[int, str], ...]], ...] = (
    ("month", "Tháng", tuple((m, f"Tháng {m}") for m in range(1, 13))),
    ("quarter", "Quý", ((1, "Quý I"), (2, "Quý II"), (3, "Quý III"), (4, "Quý IV"))),
    ("half", "6 tháng", ((1, "6 tháng đầu năm"), (2, "6 tháng cuối năm"))),
    ("nine_months", "9 tháng", ()),
    ("year", "Năm", ()),
    ("semester1", "Học kỳ I", ()),
    ("semester2", "Học kỳ II", ()),
    ("school_year", "Năm học", ()),
)
SCHOOL_KINDS = ("semester1", "semester2", "school_year")


def period_code(kind: str, year: int, number: int = 1) -> str:
    """The code `core.periods.parse_period` reads for a choice; `year` starts a school year."""
    codes = {
        "month": f"{year}-{number:02d}",
        "quarter": f"{year}-Q{number}",
        "half": f"{year}-H{number}",
        "nine_months": f"{year}-9M",
        "year": str(year),
        "semester1": f"{year}-{year + 1}-HK1",
        "semester2": f"{year}-{year + 1}-HK2",
        "school_year": f"{year}-{year + 1}",
    }
    return codes[kind]


def choice_of(period: Period) -> tuple[str, int, int]:
    """The (kind, year, number) that picks `period` (the inverse of `period_code`)."""
    code = period.code
    if period.kind == "semester":
        return ("semester1" if code.endswith("HK1") else "semester2"), int(code[:4]), 1
    if period.kind == "school_year":
        return "school_year", int(code[:4]), 1
    year = int(code[:4])
    if period.kind == "month":
        return "month", year, int(code[5:7])
    if period.kind in ("quarter", "half"):
        return period.kind, year, int(code[-1])
    return period.kind, year, 1


class PeriodPicker(QWidget):
    """Kind, number within the year, and year; `changed` whenever the period picked changes.

    With `show_dates` the period's default cut-off dates are shown beside it.
    """

    changed = Signal()

    def __init__(self, period: Period, parent: QWidget | None = None, *, show_dates: bool = True):
        super().__init__(parent)
        self.show_dates = show_dates
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Loại kỳ báo cáo")
        for key, label, _ in PERIOD_KINDS:
            self.kind_combo.addItem(label, key)
        self.number_combo = QComboBox()
        self.number_combo.setAccessibleName("Kỳ trong năm")
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setAccessibleName("Năm")
        self.school_year_label = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.kind_combo, self.number_combo, self.year_spin, self.school_year_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setFocusProxy(self.kind_combo)  # a buddy label's Alt+key lands on the kind
        self.set_period(period)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.number_combo.currentIndexChanged.connect(self._changed)
        self.year_spin.valueChanged.connect(self._changed)

    def choose(self, kind: str, year: int, number: int = 1) -> None:
        """Pick a period as a clerk would; `year` starts a school year."""
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self.kind_combo.blockSignals(False)
        self._fill_numbers(number)
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(year)
        self.year_spin.blockSignals(False)
        self._changed()

    def set_period(self, period: Period) -> None:
        self.choose(*choice_of(period))

    def period(self) -> Period:
        kind = self.kind_combo.currentData()
        return parse_period(period_code(kind, self.year_spin.value(), self.number_combo.currentData() or 1))

    def _fill_numbers(self, wanted: int | None) -> None:
        kind = self.kind_combo.currentData()
        numbers = next(items for key, _, items in PERIOD_KINDS if key == kind)
        self.number_combo.blockSignals(True)
        self.number_combo.clear()
        for value, label in numbers:
            self.number_combo.addItem(label, value)
        self.number_combo.setCurrentIndex(max(self.number_combo.findData(wanted), 0))
        self.number_combo.blockSignals(False)
        self.number_combo.setVisible(bool(numbers))
        school = kind in SCHOOL_KINDS
        self.year_spin.setToolTip("Năm học bắt đầu từ năm này" if school else "Năm báo cáo")

    def _kind_changed(self) -> None:
        self._fill_numbers(self.number_combo.currentData())
        self._changed()

    def _changed(self) -> None:
        year = self.year_spin.value()
        school = self.kind_combo.currentData() in SCHOOL_KINDS
        parts = [f"năm học {year}-{year + 1}"] if school else []
        if self.show_dates:
            period = self.period()
            parts.append(f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}")
        self.school_year_label.setText(f"({', '.join(parts)})" if parts else "")
        self.changed.emit()
