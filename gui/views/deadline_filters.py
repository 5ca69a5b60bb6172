"""The controls above the deadline list: counts per status that filter when clicked, and filters.

`StatusCountBar` shows how many rows each status has under the other filters; a click shows that
status alone (again: all), Ctrl+click adds or removes it, Alt+1…Alt+6 and Alt+0 do the same from
the keyboard. `DeadlineFilterBar` holds plan, unit, unit kind, role, period and search, and turns
them into a DeadlineQuery. Periods follow the official cut-off on the 14th of the month.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QLocale, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)
from sqlite_utils import Database

from core import vntext
from core.errors import UserError
from core.model import Role
from core.status import DeadlineStatus, reporting_period
from gui.models.deadline_table import DeadlineQuery, status_icon
from gui.search_combo import SearchCombo
from gui.views.plan_chooser import plan_choice_text
from gui.widgets import pydate, qdate
from storage.deadlines import SEVERITY

SEARCH_DELAY_MS = 250
MIN_SEARCH = 2  # one letter matches nearly everything and costs a full scan
PERIODS = (
    ("all", "Tất cả"),
    ("month", "Tháng này"),
    ("quarter", "Quý này"),
    ("half", "6 tháng"),
    ("year", "Năm nay"),
    ("custom", "Từ ngày … đến ngày …"),
)


def period_containing(kind: str, day: date) -> tuple[date, date]:
    """The reporting period of `kind` ("month", "quarter", "half", "year") that contains `day`."""
    for year in (day.year, day.year + 1):
        for index in range({"month": 12, "quarter": 4, "half": 2, "year": 1}[kind]):
            start, end = reporting_period(kind, year, index + 1)
            if start <= day <= end:
                return start, end
    raise UserError(f"Không tìm được kỳ báo cáo chứa ngày {vntext.format_date(day)}")




class StatusCountBar(QWidget):
    statuses_changed = Signal(object)  # frozenset[DeadlineStatus] | None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._statuses: frozenset[DeadlineStatus] | None = None
        self.buttons: dict[DeadlineStatus | None, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for number, status in enumerate((*SEVERITY, None), start=1):
            button = QToolButton()
            button.setObjectName(f"count_{status.value if status else 'all'}")
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setSizePolicy(button.sizePolicy().Policy.Expanding, button.sizePolicy().Policy.Preferred)
            key = f"Alt+{number if status else 0}"
            # A QShortcut, not the button's: setText would replace a button shortcut by its mnemonic.
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda s=status: self._clicked(s))
            if status is not None:
                button.setIcon(status_icon(status, 16))
                button.setIconSize(QSize(16, 16))
                button.setToolTip(f"Chỉ hiện «{status.label}» ({key}); Ctrl+nhấp để thêm/bớt vào bộ lọc")
            else:
                button.setToolTip(f"Hiện mọi tình trạng ({key})")
            button.clicked.connect(lambda _checked=False, s=status: self._clicked(s))
            self.buttons[status] = button
            layout.addWidget(button)
        self.set_counts(dict.fromkeys(DeadlineStatus, 0))

    def statuses(self) -> frozenset[DeadlineStatus] | None:
        return self._statuses

    def set_statuses(self, statuses: frozenset[DeadlineStatus] | None) -> None:
        self._statuses = frozenset(statuses) if statuses else None
        self._show_checked()

    def set_counts(self, counts: Mapping[DeadlineStatus, int]) -> None:
        for status, button in self.buttons.items():
            number = sum(counts.values()) if status is None else counts.get(status, 0)
            label = "Tất cả" if status is None else status.label
            text = f"{label}\n{vntext.format_number(number, 0)}"
            if button.text() != text:  # a new text lays the bar out again
                button.setText(text)
                button.setAccessibleName(f"{label}: {number}")
        self._show_checked()

    def _clicked(self, status: DeadlineStatus | None) -> None:
        current = set(self._statuses or ())
        if status is None:
            chosen: set[DeadlineStatus] = set()
        elif QApplication.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier:
            chosen = current ^ {status}
        else:
            chosen = set() if current == {status} else {status}
        self.set_statuses(frozenset(chosen) or None)
        self.statuses_changed.emit(self._statuses)

    def _show_checked(self) -> None:
        for status, button in self.buttons.items():
            button.setChecked(self._statuses is None if status is None else status in (self._statuses or ()))


class DeadlineFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._as_of = date.today()
        # Plans and units are searched as typed: a national file has too many to list whole.
        self._db: Database | None = None
        self.plan_combo = self._combo("planFilter", "Chỉ nhiệm vụ của kế hoạch này (gõ để tìm)",
                                      SearchCombo("Tất cả kế hoạch", self._plans))  # fmt: skip
        self.unit_combo = self._combo("unitFilter", "Chỉ nhiệm vụ giao cho đơn vị này (gõ để tìm)",
                                      SearchCombo("Tất cả đơn vị", self._units))  # fmt: skip
        self.kind_combo = self._combo("kindFilter", "Chỉ các đơn vị thuộc loại này")
        self.role_combo = self._combo("roleFilter", "Đơn vị chủ trì hay phối hợp")
        for text, role in (("Chủ trì và phối hợp", None), ("Chủ trì", Role.LEAD), ("Phối hợp", Role.SUPPORT)):
            self.role_combo.addItem(text, role)
        self.period_combo = self._combo(
            "periodFilter",
            "Theo hạn hoàn thành; kỳ báo cáo chốt ngày 14 hằng tháng. "
            "Nhiệm vụ không thời hạn được báo cáo trong mọi kỳ nên luôn hiện.",
        )
        for kind, text in PERIODS:
            self.period_combo.addItem(text, kind)
        self.from_edit = self._date_edit("periodFrom")
        self.to_edit = self._date_edit("periodTo")
        self.search = QLineEdit()
        self.search.setObjectName("deadlineSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Nhiệm vụ, đơn vị, số kế hoạch… (không cần dấu)")
        self.search.setToolTip(f"Tìm không phân biệt dấu, từ {MIN_SEARCH} ký tự (Ctrl+F)")
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_settled)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self._searched = ""

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, column, text, widget in (
            (0, 0, "&Kế hoạch:", self.plan_combo),
            (0, 2, "Đơn &vị:", self.unit_combo),
            (0, 4, "L&oại đơn vị:", self.kind_combo),
            (1, 0, "V&ai trò:", self.role_combo),
            (1, 4, "Tì&m:", self.search),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, row, column)
            grid.addWidget(widget, row, column + 1)
        period_label = QLabel("&Hạn trong:")
        period_label.setBuddy(self.period_combo)
        period = QHBoxLayout()
        period.addWidget(self.period_combo, 1)
        period.addWidget(self.from_edit)
        period.addWidget(self.to_edit)
        grid.addWidget(period_label, 1, 2)
        grid.addLayout(period, 1, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 3)
        grid.setColumnStretch(5, 2)
        self.period_combo.currentIndexChanged.disconnect()
        self.period_combo.currentIndexChanged.connect(self._period_chosen)
        self.from_edit.hide()
        self.to_edit.hide()

    def _combo(self, name: str, tip: str, combo: QComboBox | None = None) -> QComboBox:
        combo = combo if combo is not None else QComboBox()
        combo.setObjectName(name)
        combo.setToolTip(tip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        # Programmatic changes block signals; every other change of choice filters at once.
        combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        return combo

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(qdate(date.today()))
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.dateChanged.connect(lambda _value: self._custom_dates_changed())
        return edit

    # ------------------------------------------------------------ choices
    def load_choices(self, db: Database, as_of: date) -> None:
        """Fill the plan, unit and kind lists, keeping what was chosen when it still exists."""
        from storage.units import list_unit_kinds

        self._db = db
        self.plan_combo.reload()
        self.unit_combo.reload()
        self._fill(
            self.kind_combo,
            "Tất cả loại đơn vị",
            [(kind.name, kind.code, kind.name) for kind in list_unit_kinds(db)],
        )
        self.set_as_of(as_of)

    def _plans(self, text: str, limit: int) -> list[tuple[str, object, str]]:
        from storage.plans import list_plans

        if self._db is None:
            return []
        return [(plan_choice_text(plan), plan.id, plan.title) for plan in list_plans(self._db, text, limit)]

    def _units(self, text: str, limit: int) -> list[tuple[str, object, str]]:
        from storage.units import list_units

        if self._db is None:
            return []
        return [(unit.name, unit.id, unit.name) for unit in list_units(self._db, text, limit, groups=False)]

    @staticmethod
    def _fill(combo: QComboBox, everything: str, items: list[tuple[str, object, str]]) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for text, value, tip in items:
            combo.addItem(text, value)
            combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(combo.findData(keep), 0))
        combo.blockSignals(False)

    def set_as_of(self, as_of: date) -> None:
        """Periods are the ones containing the as-of date; their labels show the dates."""
        self._as_of = as_of
        for index, (kind, text) in enumerate(PERIODS):
            if kind in ("month", "quarter", "half", "year"):
                start, end = period_containing(kind, as_of)
                text = f"{text} ({vntext.format_date(start)} – {vntext.format_date(end)})"
            self.period_combo.setItemText(index, text)

    def _period_chosen(self) -> None:
        custom = self.period_combo.currentData() == "custom"
        self.from_edit.setVisible(custom)
        self.to_edit.setVisible(custom)
        if self.signalsBlocked():
            return
        self.changed.emit()
        if custom:
            self.from_edit.setFocus()

    def _custom_dates_changed(self) -> None:
        if self.period_combo.currentData() == "custom":
            self.changed.emit()

    def _search_settled(self) -> None:
        text = self.search_text()
        if text != self._searched:
            self._searched = text
            self.changed.emit()

    def search_text(self) -> str:
        text = self.search.text().strip()
        return text if len(text.replace(" ", "")) >= MIN_SEARCH else ""

    # ------------------------------------------------------------- query
    def due_range(self) -> tuple[date | None, date | None]:
        kind = self.period_combo.currentData()
        if kind == "custom":
            start, end = pydate(self.from_edit.date()), pydate(self.to_edit.date())
            return (start, end) if start <= end else (end, start)
        if kind in ("month", "quarter", "half", "year"):
            return period_containing(kind, self._as_of)
        return None, None

    def query(self, as_of: date, warn_days: int, statuses, previous: DeadlineQuery | None) -> DeadlineQuery:
        due_from, due_to = self.due_range()
        query = DeadlineQuery(
            as_of=as_of,
            warn_days=warn_days,
            plan_id=self.plan_combo.currentData(),
            unit_id=self.unit_combo.currentData(),
            unit_kind=self.kind_combo.currentData(),
            role=self.role_combo.currentData(),
            search=self.search_text(),
            due_from=due_from,
            due_to=due_to,
            statuses=statuses,
        )
        if previous is not None:  # the order the user chose stays
            query = replace(query, sort=previous.sort, descending=previous.descending)
        return query

    def is_filtering(self) -> bool:
        combos = (self.plan_combo, self.unit_combo, self.kind_combo, self.role_combo)
        return (
            any(combo.currentData() is not None for combo in combos)
            or bool(self.search_text())
            or (self.period_combo.currentData() != "all")
        )

    def clear(self, as_of: date) -> None:
        self.blockSignals(True)
        for combo in (self.plan_combo, self.unit_combo, self.kind_combo, self.role_combo, self.period_combo):
            combo.setCurrentIndex(0)
        self.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._searched = ""
        self.set_as_of(as_of)

    def choose(
        self,
        *,
        plan_id: int | None = None,
        unit_id: int | None = None,
        role: Role | None = None,
        unit_name: str = "",
    ) -> None:
        """Pick this plan, unit and role (None: all) without a change signal, as a link from elsewhere does.

        A unit the list does not hold (a group such as «UBND các xã, phường», which work can be
        assigned to) is added under `unit_name` until the choices are next loaded; a plan the list
        does not hold (in the trash) leaves «Tất cả».
        """
        if unit_id is not None and unit_name:
            self.unit_combo.keep_value(unit_id, unit_name)
        if plan_id is not None and self.plan_combo.findData(plan_id) < 0 and self._db is not None:
            from storage.plans import get_plan, is_in_trash

            if not is_in_trash(self._db, plan_id):
                plan = get_plan(self._db, plan_id)
                self.plan_combo.keep_value(plan_id, plan_choice_text(plan), plan.title)
        for combo, value in ((self.plan_combo, plan_id), (self.unit_combo, unit_id), (self.role_combo, role)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)

    def set_custom_period(self, start: date, end: date) -> None:
        """Choose "from … to …" with these dates (one change signal)."""
        for edit, value in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            edit.setDate(qdate(value))
            edit.blockSignals(False)
        index = self.period_combo.findData("custom")
        if self.period_combo.currentIndex() == index:
            self.changed.emit()
        else:
            self.period_combo.setCurrentIndex(index)
