"""The main window's screens, each imported and built the first time it is shown or asked for.

At start-up only the screen on show is built: the others' modules (and what they pull in: the
report renderer, the spreadsheet code) load when the user first opens them, so the window
appears quickly on any file. The navigation list needs only the titles, kept here beside the
module that holds each screen (tests/gui/test_main_window.py checks they agree).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from PySide6.QtWidgets import QStackedWidget, QWidget

from gui.context import AppContext


@dataclass(frozen=True, slots=True)
class ScreenEntry:
    key: str
    title: str  # the class's `title`, in the navigation list and the Xem menu
    module: str
    class_name: str


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("overview", "Tổng quan", "gui.views.overview.screen", "OverviewScreen"),
    ScreenEntry("plans", "Kế hoạch", "gui.views.plans", "PlansScreen"),
    ScreenEntry("tasks", "Nhiệm vụ", "gui.views.tasks", "TasksScreen"),
    ScreenEntry("deadlines", "Hạn xử lý", "gui.views.deadlines", "DeadlinesScreen"),
    ScreenEntry("units", "Đơn vị", "gui.views.units", "UnitsScreen"),
    ScreenEntry("indicators", "Chỉ tiêu", "gui.views.indicators", "IndicatorsScreen"),
    ScreenEntry("reports", "Báo cáo", "gui.views.reports", "ReportsScreen"),
    ScreenEntry(
        "period_reports", "Báo cáo theo kỳ", "gui.views.period_reports.screen", "PeriodReportsScreen"
    ),
)


class ScreenSet(Mapping[str, QWidget]):
    """key → screen, built on first access in its place of the stack.

    `on_built(key, screen)` runs once per screen, right after it is made: the window wires the
    screen's signals and restores its saved layout there. Iterating gives the keys in navigation
    order without building anything; `built()` gives the screens made so far.
    """

    def __init__(
        self,
        context: AppContext,
        stack: QStackedWidget,
        on_built: Callable[[str, QWidget], None],
        entries: tuple[ScreenEntry, ...] = SCREENS,
    ):
        self.context = context
        self.stack = stack
        self.entries = entries
        self._on_built = on_built
        self._built: dict[str, QWidget] = {}
        for _ in entries:
            stack.addWidget(QWidget())  # a placeholder until the screen is first shown

    def index(self, key: str) -> int:
        return next(i for i, entry in enumerate(self.entries) if entry.key == key)

    def title(self, key: str) -> str:
        return self.entries[self.index(key)].title

    def __getitem__(self, key: str) -> QWidget:
        screen = self._built.get(key)
        if screen is not None:
            return screen
        if key not in self:
            raise KeyError(key)
        entry = self.entries[self.index(key)]
        screen = getattr(importlib.import_module(entry.module), entry.class_name)(self.context)
        position = self.index(key)
        placeholder = self.stack.widget(position)
        showing = self.stack.currentIndex() == position
        self.stack.insertWidget(position, screen)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if showing:
            self.stack.setCurrentIndex(position)
        self._built[key] = screen
        self._on_built(key, screen)
        return screen

    def __contains__(self, key: object) -> bool:
        return any(entry.key == key for entry in self.entries)

    def __iter__(self) -> Iterator[str]:
        return (entry.key for entry in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def built(self) -> list[QWidget]:
        """The screens made so far, in navigation order (saving, asking about unsaved edits)."""
        return [self._built[entry.key] for entry in self.entries if entry.key in self._built]

    def show(self, key: str) -> QWidget:
        """Build the screen if need be and put it on show."""
        screen = self[key]
        self.stack.setCurrentIndex(self.index(key))
        return screen
