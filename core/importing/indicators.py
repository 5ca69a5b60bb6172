"""Numeric targets (chỉ tiêu) written in running text.

What plans write, and what it becomes:
- "đạt tỷ lệ 80.39%", "đạt 86%"          → value, measure "%", comparator ">="
- "đạt 98% trở lên", "tối thiểu 20%"     → ">="; "trên 99,7%" → ">"; "dưới 5%", "không quá 5%" → "<="
- "41/51 trường … đạt tỷ lệ 80.39%"      → one indicator: 80.39 %, numerator 41, denominator 51
- "12/12 đơn vị cấp xã đạt chuẩn"        → value 100, measure "đơn vị cấp xã", 12 of 12
- "có 09 trường đạt chuẩn …, trong đó: cấp Mầm non 05 trường, …" → count 9 "trường" with its
  breakdown (the parts are not targets of their own)
- "(trong đó Hoàn thành Tốt trở lên đạt trên 34%)" inside a target → its own indicator
A deadline ("đến năm 2025", "năm học 2029-2030") stated earlier in the same sentence, or at
its start, is attached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.importing.parsed import ParsedIndicator
from core.importing.textprep import tidy
from core.vntext import parse_number, search_key

_PERCENT = re.compile(r"(?<![\d.,/])(\d{1,3}(?:[.,]\d{1,3})?)\s?%")
_RATIO = re.compile(r"(?<![\d/.,\-])(\d{1,5})\s?/\s?(\d{1,5})(?![\d/]|[.,]\d)")
_MEASURE_NOUNS = (
    "đơn vị cấp xã", "đơn vị hành chính", "đơn vị", "cơ sở giáo dục", "cơ sở", "điểm trường", "trường học",
    "trường", "xã", "phường", "thị trấn", "huyện", "thôn", "bản", "lớp học", "phòng học", "phòng",
    "học sinh", "trẻ em", "trẻ", "giáo viên", "cán bộ", "nhóm trẻ", "thư viện", "công trình",
    "học viên", "sinh viên", "người", "hộ", "nhà", "lớp",
)
_NOUN_ALTERNATION = "|".join(re.escape(noun) for noun in _MEASURE_NOUNS)
_COUNT = re.compile(rf"(?<![\d/.,%])(\d{{1,4}})\s+({_NOUN_ALTERNATION})(?![^\W\d_])", re.IGNORECASE)
_NOUN_AFTER = re.compile(rf"^\s*\)?\s*({_NOUN_ALTERNATION})(?![^\W\d_])", re.IGNORECASE)
_WORDS_AFTER = re.compile(r"^\s*\)?\s*((?:[^\W\d_]+\s*){1,3})")
_COUNT_BEFORE = re.compile(
    r"(?:^|\s)(?:co|duy tri|them|dat|xay dung|cong nhan|giu vung|hoan thanh|toi thieu|it nhat|tren"
    r"|phan dau)\s*$"
)
_COUNT_AFTER = re.compile(r"^[^;.]{0,40}?\b(?:dat|duoc cong nhan|hoan thanh|giu vung)\b")
_NOT_COUNT_BEFORE = re.compile(
    r"(?:^|\s)(?:lop|khoi|tu|den|tuoi|thang|nam|so|muc do|ngay|quy|diem|phan|khoan|dieu|chuong|tiet"
    r"|buoi|va)\s*$"
)
_NOT_RATIO_BEFORE = re.compile(r"(?:^|\s)(?:ngay|thang|so|luc|quy|nam)\s*$")
_GREATER = re.compile(r"(?:^|\s)(?:tren|hon|vuot|cao hon)\s*$")
_AT_LEAST = re.compile(r"(?:^|\s)(?:toi thieu|it nhat|khong duoi|khong thap hon|khong it hon)\s*(?:la\s*)?$")
_AT_MOST = re.compile(r"(?:^|\s)(?:duoi|khong qua|toi da|khong vuot qua|thap hon|it hon|khong vuot)\s*$")
_AND_ABOVE = re.compile(r"^\s*(?:\([^)]{0,15}\)\s*)?tro len")
_AND_BELOW = re.compile(r"^\s*(?:\([^)]{0,15}\)\s*)?tro xuong")
_DEADLINE = re.compile(
    r"\b(?:đến|tới|trước|vào|cuối|hết|trong)\s+(?:hết\s+|cuối\s+)?"
    r"(?:năm học\s+\d{4}\s*[-–]\s*\d{4}|năm\s+\d{4}|giai đoạn\s+\d{4}\s*[-–]\s*\d{4})",
    re.IGNORECASE,
)
_DEADLINE_LEAD = re.compile(r"^\W*(?:năm học\s+\d{4}\s*[-–]\s*\d{4}|năm\s+\d{4})\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^\W\d_]|[“\"(])")
_PARENTHESES = re.compile(r"\(([^()]{1,400})\)")
_BREAKDOWN_START = re.compile(r"trong đó\s*:?|\(", re.IGNORECASE)
_BREAKDOWN_ITEM = re.compile(
    rf"([^,;:()\d]{{1,60}}?)\s*:?\s+(\d{{1,4}})(?:\s+(?:{_NOUN_ALTERNATION}))?(?![^\W\d_])", re.IGNORECASE
)
_BREAKDOWN_NUMBER_FIRST = re.compile(
    rf"(\d{{1,4}})\s+(?:(?:{_NOUN_ALTERNATION})\s+)?([^,;:()\d]{{1,40}})", re.IGNORECASE
)


@dataclass
class _Item:
    start: int
    end: int
    value: float
    measure: str
    comparator: str
    numerator: int | None = None
    denominator: int | None = None
    breakdown: tuple[tuple[str, float], ...] = ()


def _comparator(before: str, after: str) -> str:
    before_key = search_key(before[-40:])
    after_key = search_key(after[:30])
    if _AND_ABOVE.match(after_key):
        return ">="
    if _AND_BELOW.match(after_key):
        return "<="
    if _GREATER.search(before_key):
        return ">"
    if _AT_MOST.search(before_key):
        return "<="
    return ">="  # "đạt 86%", "tối thiểu 20%": a target is met when reached or exceeded


def _measure_after(text: str) -> str | None:
    noun = _NOUN_AFTER.match(text)
    if noun:
        return noun.group(1).lower()
    words = _WORDS_AFTER.match(text)
    return words.group(1).strip().lower() if words else None


def _items(clause: str) -> list[_Item]:
    """Percentages, ratios and counts of one clause, in order, ratios merged into percentages."""
    items: list[_Item] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _PERCENT.finditer(clause):
        try:
            value = parse_number(match.group(1))
        except ValueError:
            continue
        before, after = clause[: match.start()], clause[match.end():]
        items.append(_Item(match.start(), match.end(), value, "%", _comparator(before, after)))
        taken.append((match.start(), match.end()))
    for match in _RATIO.finditer(clause):
        numerator, denominator = int(match.group(1)), int(match.group(2))
        before_key = search_key(clause[max(0, match.start() - 12): match.start()])
        if not 0 < denominator < 1900 or numerator > denominator or _NOT_RATIO_BEFORE.search(before_key):
            continue
        after = clause[match.end():]
        percent = _percent_for_ratio(items, match, numerator, denominator, clause)
        if percent is not None:
            percent.numerator, percent.denominator = numerator, denominator
            if not percent.measure or percent.measure == "%":
                percent.measure = "%"
            taken.append((match.start(), match.end()))
            continue
        measure = _measure_after(after)
        if measure is None:
            continue
        value = round(numerator / denominator * 100, 2)
        items.append(_Item(
            match.start(), match.end(), value, measure, _comparator(clause[: match.start()], after),
            numerator, denominator,
        ))
        taken.append((match.start(), match.end()))
    for match in _COUNT.finditer(clause):
        if not free(match.start(), match.end()):
            continue
        before_key = search_key(clause[max(0, match.start() - 20): match.start()])
        after_key = search_key(clause[match.end(): match.end() + 80])
        if _NOT_COUNT_BEFORE.search(before_key):
            continue
        if not (_COUNT_BEFORE.search(before_key) or _COUNT_AFTER.match(after_key)):
            continue
        breakdown, consumed_to = _breakdown(clause, match.end())
        items.append(_Item(
            match.start(), match.end(), float(int(match.group(1))), match.group(2).lower(),
            _comparator(clause[: match.start()], clause[match.end():]), breakdown=breakdown,
        ))
        taken.append((match.start(), max(match.end(), consumed_to)))
    return sorted(items, key=lambda item: item.start)


def _percent_for_ratio(
    items: list[_Item], match: re.Match[str], numerator: int, denominator: int, clause: str
) -> _Item | None:
    """The percentage this ratio spells out: "41/51 … 80.39%", "100% (10/10)"."""
    expected = numerator / denominator * 100
    for item in items:
        if item.measure != "%" or item.numerator is not None:
            continue
        if item.end <= match.start():
            between = clause[item.end: match.start()]
        else:
            between = clause[match.end(): item.start]
        adjacent = len(between.strip(" ()")) == 0
        if adjacent or abs(item.value - expected) <= 0.6:
            return item
    return None


def _breakdown(clause: str, position: int) -> tuple[tuple[tuple[str, float], ...], int]:
    """The parts of a count: "…, trong đó: cấp Mầm non 05 trường, …" or "09 trường (MN 05, TH 02, …)"."""
    rest = clause[position:]
    for marker in _BREAKDOWN_START.finditer(rest, 0, 80):
        stop = rest.find(")", marker.end()) if marker.group(0) == "(" else len(rest)
        region = rest[marker.end(): stop if stop >= 0 else len(rest)]
        parts = [
            (label, float(int(item.group(2))))
            for item in _BREAKDOWN_ITEM.finditer(region)
            if (label := tidy(item.group(1)).strip(" ,:("))
        ]
        if not parts:
            parts = [
                (label, float(int(item.group(1))))
                for item in _BREAKDOWN_NUMBER_FIRST.finditer(region)
                if (label := tidy(item.group(2)).strip(" ,:()"))
            ]
        if parts:
            return tuple(parts), position + marker.end() + len(region)
    return (), position


def _deadline(sentence: str, position: int, clause_end: int) -> str | None:
    before = list(_DEADLINE.finditer(sentence, 0, position))
    if before:
        return tidy(before[-1].group(0))
    after = _DEADLINE.search(sentence, position, clause_end)
    if after:
        return tidy(after.group(0))
    lead = _DEADLINE_LEAD.match(sentence)
    return tidy(lead.group(0)).lstrip("-–•+ ") if lead else None


def _texts(clause: str, items: list[_Item]) -> list[str]:
    """Each item's own words: from a comma (or "và") before it, with enough words to say what it counts.

    "…, trẻ 5 tuổi ra lớp đạt 98% trở lên" keeps "trẻ 5 tuổi ra lớp đạt 98% trở lên"; when the
    words after the comma are too few ("đào tạo tối thiểu 50%" after "giáo dục,") the text
    reaches back to the comma before, but never past the previous item.
    """
    if not items:
        return []
    starts: list[int] = []
    for index, item in enumerate(items):
        floor = items[index - 1].end if index else 0
        if not index and len(clause[: item.start].split()) <= 25:
            starts.append(0)
            continue
        cut, found = item.start, None
        while (comma := max(_rfind_comma(clause, floor, cut), _rfind_and(clause, floor, cut))) >= 0:
            cut = found = comma
            if len(clause[cut:item.start].split()) >= 7:
                break
        starts.append(found if found is not None else floor)
    ends = [*starts[1:], len(clause)]
    return [clause[start:end] for start, end in zip(starts, ends, strict=True)]


def _rfind_comma(clause: str, start: int, end: int) -> int:
    """The last comma in [start, end) that is not inside a list of numbers ("lớp 3, 4, 5")."""
    position = clause.rfind(",", start, end)
    while position >= 0 and (
        clause[position - 1: position].isdigit() or clause[position + 1: position + 3].strip()[:1].isdigit()
    ):
        position = clause.rfind(",", start, position)
    return position


def _rfind_and(clause: str, start: int, end: int) -> int:
    position = clause.rfind(" và ", start, end)
    return position + 1 if position >= 0 else -1


def _clean_text(text: str) -> str:
    return tidy(text).strip(" ,;.-–+•:").strip()


def _masked(sentence: str) -> tuple[str, list[tuple[int, str]]]:
    """The sentence with "(trong đó …)" asides blanked out, and the asides with their offsets."""
    asides: list[tuple[int, str]] = []
    masked = sentence
    for match in _PARENTHESES.finditer(sentence):
        inner = match.group(1)
        if not _PERCENT.search(inner):
            continue  # counts in brackets are a breakdown, read with the count before them
        if _RATIO.fullmatch(inner.strip()):
            continue  # "(10/10)" spells out the percentage before it
        asides.append((match.start(1), inner))
        masked = masked[: match.start()] + " " * (match.end() - match.start()) + masked[match.end():]
    return masked, asides


def _clauses(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for index, char in enumerate(text):
        if char == ";":
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(text)))
    return spans


def _sentence_indicators(sentence: str, path: str | None) -> list[ParsedIndicator]:
    masked, asides = _masked(sentence)
    found: list[tuple[int, ParsedIndicator]] = []
    for start, end in _clauses(masked):
        clause = masked[start:end]
        items = _items(clause)
        for item, text in zip(items, _texts(sentence[start:end], items), strict=True):
            position = start + item.start
            found.append((position, _indicator(item, text, sentence, position, end, path)))
    for offset, inner in asides:
        for item in _items(inner):
            deadline = _deadline(sentence, offset + item.start, offset + len(inner))
            found.append((offset + item.start, _indicator(item, inner, sentence, 0, 0, path, deadline)))
    return [indicator for _, indicator in sorted(found, key=lambda pair: pair[0])]


def _indicator(
    item: _Item, text: str, sentence: str, position: int, clause_end: int, path: str | None,
    deadline: str | None = None,
) -> ParsedIndicator:
    return ParsedIndicator(
        text=_clean_text(text),
        value=item.value,
        measure=item.measure,
        comparator=item.comparator,
        numerator=item.numerator,
        denominator=item.denominator,
        deadline=deadline if deadline is not None else _deadline(sentence, position, clause_end),
        path=path,
        breakdown=item.breakdown,
    )


def extract_indicators(paragraph: str, path: str | None = None) -> list[ParsedIndicator]:
    """The targets stated in one paragraph, in reading order."""
    if not any(ch.isdigit() for ch in paragraph):
        return []
    indicators: list[ParsedIndicator] = []
    for sentence in _SENTENCE_END.split(paragraph):
        indicators.extend(_sentence_indicators(sentence, path))
    return indicators


def indicator_key(indicator: ParsedIndicator) -> tuple[object, ...]:
    """Same target stated twice (in a task and again under "Tổ chức thực hiện") → same key."""
    return (
        round(indicator.value or 0.0, 4), indicator.comparator, indicator.measure, indicator.numerator,
        indicator.denominator, indicator.deadline and search_key(indicator.deadline),
        " ".join(search_key(indicator.text).split()[-6:]),
    )
