"""How long reading steps (PDF pages, OCR, conversion) report progress and are cancelled.

A reader calls `progress(done, total, text)` between steps. The caller cancels by raising
from that call (the GUI's worker raises its `Cancelled`); readers never catch it, so work
stops at the next step and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[int, int, str], None]
# Inside one step of a long parse: `tick(done, total)` every few hundred items, so that a
# cancel raised from the progress callback stops a large table or task list promptly.
Tick = Callable[[int, int], None]
TICK_EVERY = 500


def no_progress(done: int, total: int, text: str) -> None:
    """The callback used when nobody is watching (the headless commands, the tests)."""


def no_tick(done: int, total: int) -> None:
    """The tick of a parse nobody watches."""
