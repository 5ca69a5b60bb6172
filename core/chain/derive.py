"""What our implementation plan says about the plan it implements: title, basis line, numbering, dates.

"Kế hoạch thực hiện Kế hoạch số 25/KH-SGDĐT ngày 10/9/2025 của Sở Giáo dục và Đào tạo về …" is
how an office names its own plan made from a received one; the received plan is its first
"Căn cứ". Our tasks are renumbered in the official order (I., 1., a) … with đ after d) and
our deadlines may be tighter than the source's, never looser.
"""

from __future__ import annotations

import re
from datetime import date

from core.model import DOC_TYPES, Plan
from core.tasktree import point_letter, roman

# Words of an agency's name written with a capital inside a sentence ("Sở Giáo dục và Đào tạo").
_CAPITALISED = {
    "giáo dục và đào tạo": "Giáo dục và Đào tạo",
    "giáo dục & đào tạo": "Giáo dục & Đào tạo",
    "ubnd": "UBND",
    "gd&đt": "GD&ĐT",
}
_PLACE_WORDS = ("tỉnh", "huyện", "thành phố", "thị xã", "quận", "xã", "phường", "thị trấn")


def ordinal(level: int, index: int, *, sectioned: bool) -> str:
    """Printed ordinal of the `index`-th child (from 0) at depth `level` of our plan.

    With sections the levels are I → 1 → a → -, without them 1 → a → -.
    """
    kinds = ("roman", "arabic", "letter") if sectioned else ("arabic", "letter")
    kind = kinds[level] if level < len(kinds) else "dash"
    if kind == "roman":
        return roman(index + 1)
    if kind == "arabic":
        return str(index + 1)
    if kind == "letter":
        return point_letter(index)
    return "-"


_ACRONYMS = {"UBND", "HĐND", "GD&ĐT", "GDĐT", "THCS", "THPT", "MTTQ", "CNTT", "BCH", "BCSĐ", "TW"}


def _lowered(text: str) -> str:
    """Text in capitals lowered word by word, keeping references ("740/KH-BCSD") and acronyms."""
    words = []
    for word in text.split():
        core = word.strip(",.;:()“”\"")
        keep = core in _ACRONYMS or any(ch.isdigit() or ch in "/&-" for ch in core)
        words.append(word if keep else word.lower())
    text = " ".join(words)
    for phrase, written in _CAPITALISED.items():
        text = re.sub(rf"\b{re.escape(phrase)}\b", written, text, flags=re.IGNORECASE)
    for level in _PLACE_WORDS:
        text = re.sub(rf"\b({level}) (\w+(?: \w+)?)\b(?=$|[,;.)]| của| về| ngày)",
                      lambda m: m.group(1) + " " + m.group(2).title(), text)
    return text


def sentence_agency(name: str) -> str:
    """An agency name as it reads inside a sentence: "SỞ GIÁO DỤC VÀ ĐÀO TẠO" → "Sở Giáo dục và Đào tạo".

    A name already in mixed case is kept; one in capitals is lowered except for references and
    acronyms, with the usual capitalised phrases and the place after a level word ("tỉnh Lai Châu").
    """
    text = " ".join(name.split())
    if not text or text != text.upper():
        return text
    text = _lowered(text)
    return text[:1].upper() + text[1:]


def _dated(plan: Plan) -> str:
    if plan.issued_on is not None:
        return f" ngày {plan.issued_on.day:02d}/{plan.issued_on.month:02d}/{plan.issued_on.year}"
    if plan.issued_month and plan.issued_year:
        return f" tháng {plan.issued_month}/{plan.issued_year}"
    if plan.issued_year:
        return f" năm {plan.issued_year}"
    return ""


def citation(source: Plan) -> str:
    """'Kế hoạch số 25/KH-SGDĐT ngày 10/09/2025 của Sở Giáo dục và Đào tạo về …'."""
    kind = DOC_TYPES.get(source.doc_type, "Văn bản")
    number = f" số {source.reference}" if source.number else ""
    issuer = f" của {sentence_agency(source.issuer)}" if source.issuer.strip() else ""
    subject = " ".join(source.title.split())
    if subject and subject == subject.upper():
        subject = _lowered(subject)
    if subject:
        subject = re.sub(r"^(?:về|V/v|về việc)\s+", "", subject, flags=re.IGNORECASE)
        subject = f" về {subject[:1].lower()}{subject[1:]}"
    return f"{kind}{number}{_dated(source)}{issuer}{subject}"


def implementation_title(source: Plan) -> str:
    """Our plan's trích yếu, printed under "KẾ HOẠCH": 'Thực hiện Kế hoạch số … về …'."""
    return f"Thực hiện {citation(source)}"


def basis_line(source: Plan) -> str:
    """Our plan's first "Căn cứ" line."""
    return f"Căn cứ {citation(source)};"


def later_than_source(ours: date | None, source: date | None) -> bool:
    """True when our deadline falls after the source's: the level above would get it late."""
    return ours is not None and source is not None and ours > source
