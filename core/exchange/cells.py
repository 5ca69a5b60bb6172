"""What a typed cell means: a status, a percentage, a date or a number, as units really type them.

Units type dates as Excel dates or as text ("05/01/2025", "5-1-2025"), numbers with a decimal
comma ("80,5"), percentages with a sign ("75%"), and pick the status from the drop-down or type
it without diacritics. Each parser returns None for a blank cell and raises ValueError with a
Vietnamese reason for a value it cannot accept.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from core.errors import UserError
from core.model import WorkState
from core.vntext import clean, format_date, format_number, parse_date, parse_number, search_key

# Excel serial day numbers of 01/01/1900 and 31/12/9999: a date cell that lost its format.
_SERIAL_RANGE = (1, 2958465)

_STATE_WORDS: dict[str, WorkState] = {search_key(state.label): state for state in WorkState}
_STATE_WORDS.update(
    {
        "da hoan thanh": WorkState.DONE,
        "xong": WorkState.DONE,
        "chua bat dau": WorkState.NOT_STARTED,
        "chua trien khai": WorkState.NOT_STARTED,
        "dang trien khai": WorkState.IN_PROGRESS,
        "dang tien hanh": WorkState.IN_PROGRESS,
        "tam ngung": WorkState.PAUSED,
    }
)


def clean_text(text: str) -> str:
    """NFC, spaces collapsed within each line, blank lines dropped (Alt+Enter line breaks kept)."""
    if "\n" not in text and "\r" not in text:
        return clean(text)
    lines = (clean(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def text_of(value: object) -> str:
    """A cell as the text a person sees: numbers Vietnamese style, dates dd/mm/yyyy, blank → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime):
        return format_date(value.date())
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_number(value, 6, group_thousands=False)
    return clean_text(str(value))


def parse_state(value: object) -> WorkState | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    state = _state_named(str(value))
    if state is None:
        allowed = ", ".join(f"«{state.label}»" for state in WorkState)
        raise UserError(f"trạng thái «{text_of(value)}» không có trong danh sách ({allowed})")
    return state


@functools.lru_cache(maxsize=256)
def _state_named(text: str) -> WorkState | None:
    # A sheet repeats the same few labels thousands of times.
    return _STATE_WORDS.get(search_key(text).rstrip("."))


def parse_percent(value: object) -> int | None:
    """A whole percentage 0–100; "75%", "80,5" (rounded) and 75.0 are accepted."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | date):
        raise UserError(f"tiến độ «{text_of(value)}» không phải là số")
    try:
        number = float(value) if isinstance(value, int | float) else parse_number(str(value))
    except ValueError:
        raise UserError(f"tiến độ «{text_of(value)}» không phải là số") from None
    if number > 100:
        raise UserError(f"tiến độ {text_of(value)} vượt quá 100%")
    if number < 0:
        raise UserError(f"tiến độ {text_of(value)} là số âm")
    return int(number + 0.5)


def parse_day(value: object) -> date | None:
    """An Excel date, a day-first text date, or an Excel serial number that lost its date format."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        raise UserError(f"«{text_of(value)}» không phải là ngày")
    try:
        return parse_date(str(value))
    except ValueError:
        raise UserError(
            f"«{text_of(value)}» không phải là ngày (ghi dạng ngày/tháng/năm, ví dụ 05/01/2025)"
        ) from None


def parse_amount(value: object, what: str) -> float | None:
    """A number typed either way ("80,39", "80.39", 80.39); `what` names it in the message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | date):
        raise UserError(f"{what} «{text_of(value)}» không phải là số")
    if isinstance(value, int | float):
        return float(value)
    try:
        return parse_number(str(value))
    except ValueError:
        raise UserError(f"{what} «{text_of(value)}» không phải là số") from None
