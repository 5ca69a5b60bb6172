"""Deadlines and roles written inside the sentences of a prose plan.

Prose plans say when and who in the sentence itself: "… báo cáo về Phòng GD&ĐT trước ngày
10/4/2020", "Hằng năm, chủ trì, phối hợp với phòng Giáo dục & Đào tạo xác định …". This module
finds those phrases and returns them as printed, with the sentence they came from.

Scanning runs on a folded copy of the text with exactly one character per original character
(lower case, diacritics removed, đ → d), so a match's span is the printed phrase's span. Every
pattern is a fixed sequence of bounded pieces (no nested repetition), so a scan is linear in the
text's length, however long a run of letters is.

Rule for several deadlines in one task: a dated deadline ("trước ngày 10/4/2020", "chậm nhất
vào ngày 31/12/2020") wins over a month, quarter or semester, which win over a recurrence
("hằng năm", "định kỳ 6 tháng"); among dated deadlines the earliest is taken, since the first
date is the one a deadline view must not miss.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from core.importing.responsibilities import subject_of
from core.importing.units import split_units, starts_unit_name
from core.timeframe import TimeframeKind, parse_timeframe


@dataclass(frozen=True, slots=True)
class Found:
    """A phrase as printed and the sentence it was found in."""

    value: str
    sentence: str


def fold(text: str) -> str:
    """One folded character per character of `text`: lower case, no diacritics, đ → d."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[:1].lower()[:1]
        out.append(base if base else ch)
    return "".join(out)


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+|\n+")

_DMY = r"\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{4}"
_DATED = re.compile(
    rf"\b(?:(?:hoan thanh |xong |gui |nop )?(?:truoc|cham nhat(?: vao)?|han chot|han cuoi)(?: ngay)? {_DMY}"
    rf"|truoc ngay \d{{1,2}} hang thang)"
)
_WINDOW = re.compile(
    r"\b(?:trong|truoc|hoan thanh trong|cuoi) (?:thang \d{1,2}\s?[/-]\s?\d{4}|thang \d{1,2} nam \d{4}"
    r"|quy (?:iv|i{1,3}|[1-4])\s?(?:[/-]|nam)\s?\d{4}|nam \d{4})"
    r"|\bhoc ky (?:ii|i)(?: nam hoc \d{4}\s?-\s?\d{4})?"
    r"|\bquy (?:iv|i{1,3}|[1-4])\s?/\s?\d{4}"
)
_RECURRING = re.compile(r"\b(?:hang|hang) nam\b|\bdinh ky 6 thang\b|\bdinh ky hang (?:thang|quy)\b")


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def _tidy_phrase(phrase: str) -> str:
    phrase = phrase.strip()
    for prefix in ("trong ", "hoàn thành trong "):
        if (
            phrase.lower().startswith(prefix)
            and "tháng" not in phrase.lower()
            and "quý" not in phrase.lower()
        ):
            phrase = phrase[len(prefix) :]
    return phrase[:1].upper() + phrase[1:]


def deadline_in(text: str) -> Found | None:
    """The deadline a task's text sets, by the rule in the module docstring; None when it sets none."""
    dated: list[tuple[date, Found]] = []
    windows: list[Found] = []
    recurring: list[Found] = []
    for sentence in sentences(text):
        folded = fold(sentence)
        for match in _DATED.finditer(folded):
            phrase = _tidy_phrase(sentence[match.start() : match.end()])
            timeframe = parse_timeframe(phrase)
            if timeframe.kind is TimeframeKind.ONE_OFF and timeframe.due is not None:
                dated.append((timeframe.due, Found(phrase, sentence)))
            elif timeframe.understood:
                recurring.append(Found(phrase, sentence))
        for match in _WINDOW.finditer(folded):
            phrase = _tidy_phrase(sentence[match.start() : match.end()])
            if parse_timeframe(phrase).understood:
                windows.append(Found(phrase, sentence))
        for match in _RECURRING.finditer(folded):
            phrase = _tidy_phrase(sentence[match.start() : match.end()])
            if parse_timeframe(phrase).understood:
                recurring.append(Found(phrase, sentence))
    if dated:
        return min(dated, key=lambda item: item[0])[1]
    if windows:
        return windows[0]
    return recurring[0] if recurring else None


# --- roles ----------------------------------------------------------------------------------

_SUPPORT = re.compile(r"\bphoi hop (?:voi |cung )")
_LEAD = re.compile(r"\bchu tri\b")
# Where the list of coordinating units ends: the verb of the clause or punctuation.
_SUPPORT_END = re.compile(
    r"[.;:()]|\s(?:de|trong|thuc hien|trien khai|to chuc|xay dung|xac dinh|tham muu|huong dan|kiem tra"
    r"|bao cao|ra soat|theo doi|tuyen truyen|lam|tiep tuc|day manh|nang cao|tang cuong)\b"
)
_SUBJECT_START = re.compile(r"^(?:giao |de nghi |yeu cau )")
# A group named only by generic nouns ("các cơ quan, đơn vị liên quan") names no one in particular.
_GENERIC_WORDS = frozenset(
    {
        "cac",
        "nhung",
        "co",
        "quan",
        "don",
        "vi",
        "to",
        "chuc",
        "ca",
        "nhan",
        "nganh",
        "cap",
        "ban",
        "lien",
        "bo",
        "phan",
        "doan",
        "the",
    }
)


def _named(names: list[str]) -> list[str]:
    return [name for name in names if name and not set(re.findall(r"\w+", fold(name))) <= _GENERIC_WORDS]


@dataclass(frozen=True, slots=True)
class Roles:
    lead: tuple[Found, ...] = ()
    support: tuple[Found, ...] = ()


def roles_in(text: str) -> Roles:
    """Lead units ("X chủ trì", "Giao X chủ trì") and coordinating units ("phối hợp với Y …")."""
    leads: list[Found] = []
    supports: list[Found] = []
    for sentence in sentences(text):
        folded = fold(sentence)
        for match in _SUPPORT.finditer(folded):
            end = _SUPPORT_END.search(folded, match.end())
            span = sentence[match.end() : end.start() if end else len(sentence)].strip(" ,")
            if span and starts_unit_name(span):
                supports.extend(Found(name, sentence) for name in _named(split_units(span)))
        lead = _LEAD.search(folded)
        if lead is not None:
            subject = sentence[: lead.start()].strip(" ,")
            prefix = _SUBJECT_START.match(fold(subject))
            if prefix:
                subject = subject[prefix.end() :]
            if subject and len(subject.split()) <= 15 and starts_unit_name(subject):
                leads.extend(Found(name, sentence) for name in _named(split_units(subject)))
    return Roles(tuple(leads), tuple(supports))


def subject_unit(text: str) -> list[Found]:
    """The unit a duty's first sentence starts with ("Các trường báo cáo …"), as lead."""
    for sentence in sentences(text)[:1]:
        subject = subject_of(sentence)
        if subject:
            return [Found(name, sentence) for name in _named(split_units(subject))]
    return []
