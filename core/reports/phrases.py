"""The set phrases of an official document, built from data: 'Số: 05/KH-PGDĐT', the dateline,
'Nơi nhận' items, 'Kế hoạch số … ngày … của …', deadlines and statuses as a table prints them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.model import DOC_TYPES, Plan
from core.reports.data import DocumentId, TrackedItem
from core.status import DeadlineStatus
from core.vntext import clean, format_date, format_date_long, search_key

NUMBER_BLANK = " " * 5  # where the clerk writes the number by hand: "Số:     /KH-UBND"
PLACE_BLANK = "……"


def padded_number(number: str) -> str:
    """Document numbers below 10 take a leading zero: "5" → "05"; other text is kept as typed."""
    number = clean(number)
    return f"{int(number):02d}" if number.isdigit() and int(number) < 10 else number


def number_line(number: str, symbol: str) -> str:
    """'Số: 05/KH-PGDĐT', or 'Số:     /KH-PGDĐT' for a draft without a number."""
    number = padded_number(number)
    symbol = clean(symbol)
    if not number:
        return f"Số:{NUMBER_BLANK}/{symbol}"
    return f"Số: {number}/{symbol}" if symbol else f"Số: {number}"


def date_text(document: DocumentId) -> str:
    """'ngày 05 tháng 01 năm 2025', with blanks for the parts a draft does not have yet."""
    return format_date_long(document.issued_on, year=document.year, month=document.month)


def dateline(place: str, date_part: str) -> str:
    """'Phong Thổ, ngày 05 tháng 01 năm 2025'; a dotted blank when the place is not known."""
    return f"{clean(place) or PLACE_BLANK}, {date_part}"


def doc_type_name(code: str) -> str:
    return DOC_TYPES.get(code, code)


def symbol_for(doc_type: str, abbreviation: str) -> str:
    """The symbol of a document this office issues: "BC-PGDĐT"; just "BC" without an abbreviation."""
    abbreviation = clean(abbreviation)
    return f"{doc_type}-{abbreviation}" if abbreviation else doc_type


def plan_document_id(plan: Plan) -> DocumentId:
    return DocumentId(
        number=plan.number or "",
        symbol=plan.symbol or "",
        issued_on=plan.issued_on,
        year=plan.issued_year,
        month=plan.issued_month,
    )


def plan_citation(plan: Plan, issuer: str | None = None) -> str:
    """'Kế hoạch số 05/KH-PGDĐT ngày 05 tháng 01 năm 2025 của Phòng Giáo dục và Đào tạo'.

    A draft keeps its blanks ('Kế hoạch số     /KH-UBND ngày     tháng 01 năm 2025'), as the
    annex note of a draft does.
    """
    document = plan_document_id(plan)
    number = padded_number(document.number) or NUMBER_BLANK
    symbol = clean(document.symbol)
    reference = f"{number}/{symbol}" if symbol else number
    text = f"{doc_type_name(plan.doc_type)} số {reference} {date_text(document)}"
    issuer = clean(plan.issuer if issuer is None else issuer)
    return f"{text} của {issuer}" if issuer else text


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """'Nơi nhận' items as printed: '- …;' each, the last '- Lưu: VT….' (added when missing)."""
    items = []
    for item in recipients:
        text = clean(item).lstrip("-–+• ").rstrip(" ;.,")
        if text:
            items.append(text)
    if not any(search_key(item).startswith("luu") for item in items):
        items.append("Lưu: VT")
    # "Lưu" closes the list wherever the user put it.
    stored = [item for item in items if search_key(item).startswith("luu")]
    items = [item for item in items if not search_key(item).startswith("luu")] + stored
    return [f"- {item}{'.' if index == len(items) - 1 else ';'}" for index, item in enumerate(items)]


def sheet_recipients(unit_name: str, recipients: Sequence[str]) -> tuple[str, ...]:
    """Default 'Nơi nhận' of a sheet: the unit itself first (it carries the tasks out), then the usual
    list without another mention of the unit."""
    own = f"{clean(unit_name)} (thực hiện)"
    others = tuple(item for item in recipients if search_key(clean(unit_name)) not in search_key(item))
    return (own, *others)


def basis_lines(lines: Sequence[str]) -> list[str]:
    """'Căn cứ …' lines ending ';' each, the last ending '.'."""
    texts = [text for text in (clean(line).rstrip(" ;.,") for line in lines) if text]
    return [f"{text}{'.' if index == len(texts) - 1 else ';'}" for index, text in enumerate(texts)]


def due_text(item: TrackedItem) -> str:
    """The deadline column: '30/06/2025', else the timeframe as written ('Thường xuyên')."""
    if item.due_on is not None:
        return format_date(item.due_on)
    return item.timeframe_text or "Không thời hạn"


def status_text(item: TrackedItem) -> str:
    """The status column: 'Quá hạn 12 ngày', 'Sắp đến hạn (còn 3 ngày)', 'Hoàn thành đúng hạn'…"""
    status = item.status
    if status is DeadlineStatus.OVERDUE and item.days_left is not None:
        return f"Quá hạn {-item.days_left} ngày"
    if status is DeadlineStatus.DUE_SOON and item.days_left is not None:
        return "Đến hạn hôm nay" if item.days_left == 0 else f"Sắp đến hạn (còn {item.days_left} ngày)"
    if status.is_done and item.completed_on is not None:
        return f"{status.label} ({format_date(item.completed_on)})"
    return status.label


def as_of_line(as_of: date) -> str:
    """'(Tính đến ngày 30 tháng 6 năm 2025)' under a list's title."""
    return f"(Tính đến {format_date_long(as_of)})"
