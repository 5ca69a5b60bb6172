"""Document forms other than a plan proper: legal texts, and decisions that carry a plan.

A legal text (Thông tư, Thông tư liên tịch, Nghị định; a Quyết định or Nghị quyết of
articles only) is laid out in chapters ("Chương I") and articles ("Điều 1. …"); it states
rules, not tasks, so its articles become sections and nothing becomes a task.

A Quyết định or Nghị quyết often issues a plan or programme "ban hành kèm theo": after the
decision's articles and signature comes the attached document with its own title line
("CHƯƠNG TRÌNH HÀNH ĐỘNG …") and "(Ban hành kèm theo Quyết định số … ngày … của …)", then its
numbered sections. The header is the decision's; the tasks are the attached document's.
"""

from __future__ import annotations

import re

from core.importing.parsed import ParsedSection
from core.importing.textprep import doc_type_line, tidy

ARTICLE = re.compile(r"^Điều\s+(?P<ord>\d{1,3}[a-zđ]?)\s*[.:]\s*(?P<title>.*)$")
CHAPTER = re.compile(
    r"^(?:Chương|CHƯƠNG)\s+(?P<ord>[IVXLC]{1,6}|\d{1,2})(?![\w])\s*[.:\-–]?\s*(?P<title>.*)$"
)
ISSUED_WITH = re.compile(
    r"^\(?\s*(?:Ban hành\s+)?kèm theo\s+(?P<type>Quyết định|Nghị quyết)\b", re.IGNORECASE
)
DECISION_TYPES = frozenset({"QĐ", "NQ"})
# What a decision attaches and an office then carries out.
ATTACHABLE_TYPES = frozenset({"KH", "CTr", "ĐA", "PA", "HD"})
_LOOK_AHEAD = 8  # lines between the attached document's type line and its "(Ban hành kèm theo …)"


def attachment_start(texts: list[str], start: int, end: int) -> int | None:
    """The type line of a document attached to a decision, between `start` and `end`, if any."""
    for index in range(start, end):
        text = texts[index]
        if not text or not text.isupper():
            continue
        found = doc_type_line(text)
        if found is None or found[0] not in ATTACHABLE_TYPES:
            continue
        following = [t for t in texts[index + 1 : end] if t][:_LOOK_AHEAD]
        if any(ISSUED_WITH.match(t) for t in following):
            return index
    return None


def article_count(texts: list[str]) -> int:
    return sum(1 for text in texts if text and ARTICLE.match(text))


def legal_sections(texts: list[str]) -> list[ParsedSection]:
    """Chapters and articles, in order; an article hangs under the chapter above it."""
    sections: list[ParsedSection] = []
    chapter: str | None = None
    waiting_title: int | None = None  # a chapter whose title is on the next line
    for text in texts:
        if not text:
            continue
        if waiting_title is not None:
            waiting = sections[waiting_title]
            if text.isupper() and not ARTICLE.match(text):
                sections[waiting_title] = ParsedSection(
                    waiting.path, waiting.ordinal, tidy(text), None, False, waiting.order
                )
                waiting_title = None
                continue
            waiting_title = None
        if (match := CHAPTER.match(text)) is not None:
            chapter = f"Chương {match['ord']}"
            sections.append(
                ParsedSection(chapter, match["ord"], tidy(match["title"]), None, False, len(sections))
            )
            if not match["title"].strip():
                waiting_title = len(sections) - 1
            continue
        if (match := ARTICLE.match(text)) is not None:
            path = f"Điều {match['ord']}"
            sections.append(
                ParsedSection(
                    path, match["ord"], tidy(match["title"]).rstrip("."), chapter, False, len(sections)
                )
            )
    return sections
