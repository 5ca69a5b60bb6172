"""Every standard button Qt draws for the application reads in Vietnamese."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from gui.qt_texts import TEXTS

ENGLISH = {"ok", "yes", "no", "cancel", "save", "discard", "close", "open", "apply", "reset", "help", "abort",
           "retry", "ignore", "yes to all", "no to all", "save all", "restore defaults", "don't save",
           "close without saving"}  # fmt: skip
BOX_BUTTONS = [getattr(QMessageBox.StandardButton, name) for name in (
    "Ok", "Save", "SaveAll", "Open", "Yes", "YesToAll", "No", "NoToAll", "Abort", "Retry", "Ignore", "Close",
    "Cancel", "Discard", "Help", "Apply", "Reset", "RestoreDefaults",
)]  # fmt: skip


def _plain(text: str) -> str:
    return text.replace("&", "").strip().lower()


@pytest.mark.parametrize("button", BOX_BUTTONS, ids=lambda b: b.name)
def test_a_message_box_button_is_vietnamese(button):
    box = QMessageBox(QMessageBox.Icon.Question, "Câu hỏi", "Nội dung", button)
    text = box.button(button).text()
    assert text and _plain(text) not in ENGLISH, f"{button.name}: {text!r}"


_BOX = QDialogButtonBox.StandardButton
BUTTON_BOX_BUTTONS = [_BOX.Ok, _BOX.Cancel, _BOX.Close, _BOX.Save, _BOX.Discard, _BOX.Yes, _BOX.No,
                      _BOX.Apply]  # fmt: skip


@pytest.mark.parametrize("button", BUTTON_BOX_BUTTONS, ids=lambda b: b.name)
def test_a_button_box_button_is_vietnamese(button):
    buttons = QDialogButtonBox(button)
    assert _plain(buttons.button(button).text()) not in ENGLISH


def test_the_translations_keep_one_accelerator_and_no_english():
    for (_, source), text in TEXTS.items():
        assert text.count("&") == source.count("&") <= 1
        assert _plain(text) not in ENGLISH


def test_the_demo_data_question_answers_co_or_khong(qtbot, context):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow

    seen: list[list[str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append([button.text() for button in box.buttons()])
        box.button(QMessageBox.StandardButton.No).click()

    window = MainWindow(context)
    qtbot.addWidget(window)
    QTimer.singleShot(0, answer)
    window.offer_demo_data()  # Qt's own QMessageBox.question, with its standard buttons
    assert sorted(seen) == [sorted(["&Có", "&Không"])]


def test_texts_it_does_not_know_keep_their_own_words():
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QKeySequence, QPageSize

    assert QCoreApplication.translate("QPageSize", "A4") == "A4"
    assert QPageSize(QPageSize.PageSizeId.A4).name() == "A4"  # the printer's page size keeps its name
    assert QKeySequence("Ctrl+S").toString(QKeySequence.SequenceFormat.NativeText) != ""
