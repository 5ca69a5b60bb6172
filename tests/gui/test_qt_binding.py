"""The Qt binding itself: calls into Qt must not leak or free Python objects.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every Qt call that returns nothing;
after some thousands of them the interpreter aborts ("none_dealloc"). The application makes that
many calls in minutes of use, so the pinned release must not have the bug.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_qt_calls_that_return_nothing_keep_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for number in range(2000):
        label.setText(str(number))
        label.update()
    # A few references may come and go with the interpreter's own work; thousands may not.
    assert abs(sys.getrefcount(None) - before) < 50
