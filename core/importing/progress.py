"""How long reading steps (PDF pages, OCR, conversion) report progress and are cancelled.

A reader calls `progress(done, total, text)` between steps. The caller cancels by raising
from that call (the GUI's worker raises its `Cancelled`); readers never catch it, so work
stops at the next step and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[int, int, str], None]


def no_progress(done: int, total: int, text: str) -> None:
    """The callback used when nobody is watching (the headless commands, the tests)."""
