"""What the importer reads out of a plan document, before anything is saved.

Frozen values only. `to_json` gives the exact object printed by `main.py import-plan --json`,
which is the headless contract end-to-end tests read; fields that the contract does not carry
(the printed serial and symbol, the section tree, indicator breakdowns, the source text) stay
available on the dataclasses for `to_domain` and the GUI preview.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from core.timeframe import occurrence_slots, parse_timeframe


@dataclass(frozen=True, slots=True)
class ParsedSection:
    """A heading that groups tasks: "II. NHIỆM VỤ, GIẢI PHÁP", an annex group row "III".

    `path` equals `ordinal` for a top-level section; annex groups inside a document that also
    has a body hang under a "PL" node ("PL.III").
    """

    path: str
    ordinal: str
    title: str
    parent_path: str | None = None
    carries_tasks: bool = False
    order: int = 0  # position in the task tree, depth-first (sections and tasks share it)


@dataclass(frozen=True, slots=True)
class Inference:
    """A value the importer read out of a sentence rather than a field: shown tinted with its sentence.

    `field` is "lead", "support", "timeframe" or "owner" (the issuer owns a task that names no
    unit); `value` is what was inferred ("Phòng GD&ĐT", "trước ngày 10/4/2020"); `sentence` is
    the text it came from, as printed.
    """

    field: str
    value: str
    sentence: str


@dataclass(frozen=True, slots=True)
class ParsedTask:
    """A numbered or bulleted item of a section that carries work, or an annex row."""

    path: str  # "II.1", "III.2.a", "II.1.3", "PL.IV.3"
    ordinal: str  # as printed, without punctuation: "1", "1.3", "a", "-", "" (unnumbered row)
    parent_path: str  # the section or task above it
    title: str | None
    content: str
    lead_units: tuple[str, ...] = ()
    support_units: tuple[str, ...] = ()
    timeframe: str | None = None
    from_annex: bool = False
    order: int = 0  # position in the task tree, depth-first (sections and tasks share it)
    inferred: tuple[Inference, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedIndicator:
    """A numeric target: "41/51 trường … đạt tỷ lệ 80.39%", "trên 99,7%", "09 trường (…)"."""

    text: str
    value: float | None
    measure: str = "%"
    comparator: str = ">="  # ">=", ">", "=", "<=", "<"
    numerator: int | None = None
    denominator: int | None = None
    deadline: str | None = None  # as written: "đến năm 2025", "Năm học 2022 - 2023"
    path: str | None = None  # the task it was found in
    breakdown: tuple[tuple[str, float], ...] = ()  # "cấp Mầm non 05 trường" → ("cấp Mầm non", 5)


@dataclass(frozen=True, slots=True)
class ParsedResponsibility:
    """One unit's part under "TỔ CHỨC THỰC HIỆN"."""

    unit: str
    text: str


@dataclass(frozen=True, slots=True)
class ParsedSigner:
    authority: tuple[str, ...] = ()  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"
    title: str | None = None  # "PHÓ CHỦ TỊCH"
    name: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedPlan:
    doc_type: str  # official code: "KH", "CTr", "BC", "QĐ", …
    title: str
    number: str | None = None  # "367/KH-UBND"; None while the serial is blank (a draft)
    serial: str | None = None  # "367"
    symbol: str | None = None  # "KH-UBND", kept for printing a draft's "Số:    /KH-UBND"
    issuer: str | None = None
    parent_issuer: str | None = None
    place: str | None = None
    issued_on: date | None = None
    issued_year: int | None = None
    issued_month: int | None = None
    basis: tuple[str, ...] = ()
    sections: tuple[ParsedSection, ...] = ()
    tasks: tuple[ParsedTask, ...] = ()
    indicators: tuple[ParsedIndicator, ...] = ()
    responsibilities: tuple[ParsedResponsibility, ...] = ()
    signer: ParsedSigner = ParsedSigner()
    recipients: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    source_name: str = ""
    source_text: str = ""
    # Header fields ("number", "issued_on", "issuer", …) read from OCR words the engine was
    # unsure of: the preview marks them, nothing guesses them silently.
    unsure: tuple[str, ...] = ()
    addressees: tuple[str, ...] = ()  # a Công văn's "Kính gửi: …"
    joint_issuers: tuple[str, ...] = ()  # bodies issuing the document together (a joint Thông tư liên tịch)
    attached_doc_type: str | None = None  # a Quyết định's attached plan ("CTr"), where its tasks come from
    # The plan's period: "Thời gian thực hiện: …" in the body, else the title's "năm học …".
    period_start: date | None = None
    period_end: date | None = None
    period_text: str = ""


def to_json(parsed: ParsedPlan) -> dict[str, Any]:
    """The `import-plan --json` object, keys in contract order."""
    return {
        "doc_type": parsed.doc_type,
        "number": parsed.number,
        "issuer": parsed.issuer,
        "parent_issuer": parsed.parent_issuer,
        "place": parsed.place,
        "issued_on": parsed.issued_on.isoformat() if parsed.issued_on else None,
        "issued_year": parsed.issued_year,
        "issued_month": parsed.issued_month,
        "title": parsed.title,
        "basis": list(parsed.basis),
        "sections": [{"ordinal": s.path, "title": s.title} for s in parsed.sections],
        "tasks": [
            {
                "path": t.path,
                "title": t.title,
                "content": t.content,
                "lead_units": list(t.lead_units),
                "support_units": list(t.support_units),
                "timeframe": t.timeframe,
                "inferred": [
                    {"field": i.field, "value": i.value, "sentence": i.sentence} for i in t.inferred
                ],
                "due_on": _due_on(t, parsed),
            }
            for t in parsed.tasks
        ],
        "indicators": [
            {
                "text": i.text,
                "value": i.value,
                "measure": i.measure,
                "comparator": i.comparator,
                "numerator": i.numerator,
                "denominator": i.denominator,
                "deadline": i.deadline,
                "path": i.path,
            }
            for i in parsed.indicators
        ],
        "responsibilities": [{"unit": r.unit, "text": r.text} for r in parsed.responsibilities],
        "signer": {
            "authority": list(parsed.signer.authority),
            "title": parsed.signer.title,
            "name": parsed.signer.name,
        },
        "recipients": list(parsed.recipients),
        "warnings": list(parsed.warnings),
        "addressees": list(parsed.addressees),
        "joint_issuers": list(parsed.joint_issuers),
        "attached_doc_type": parsed.attached_doc_type,
        "period_start": parsed.period_start.isoformat() if parsed.period_start else None,
        "period_end": parsed.period_end.isoformat() if parsed.period_end else None,
    }


def _due_on(task: ParsedTask, parsed: ParsedPlan) -> str | None:
    """The first due date of the task's timeframe within the plan period (ISO), None without one."""
    if not task.timeframe:
        return None
    timeframe = parse_timeframe(task.timeframe)
    start, end = parsed.period_start, parsed.period_end
    if start is None or end is None:
        # As storage does without a period: the calendar year the plan was issued in.
        year = parsed.issued_on.year if parsed.issued_on else parsed.issued_year
        if year is None:
            return timeframe.due.isoformat() if timeframe.due else None
        start, end = date(year, 1, 1), date(year, 12, 31)
    slots = occurrence_slots(timeframe, start, end)
    due = next((slot.due_on for slot in slots if slot.due_on is not None), None)
    return due.isoformat() if due else None
