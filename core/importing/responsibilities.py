""" "TỔ CHỨC THỰC HIỆN": which unit does what, and which tasks that makes it lead.

Items there are headed by the unit ("1. Phòng Giáo dục & Đào tạo" followed by its duties),
written as "Unit: duties", or start with the unit as the subject of a sentence ("Giao phòng
Giáo dục và Đào tạo chủ trì, …", "Ủy ban nhân dân thành phố chỉ đạo …"). A unit becomes a
lead unit of tasks when its text says so: "chủ trì thực hiện nhiệm vụ tại mục II.1, II.3"
names tasks; "chủ trì … thực hiện Kế hoạch này" makes it lead of every task that has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.importing.outline import Node
from core.importing.parsed import ParsedResponsibility
from core.importing.textprep import PARA_BREAK
from core.importing.units import split_units, starts_unit_name
from core.vntext import search_key

_VERBS = (
    "chu tri",
    "chi dao",
    "phoi hop",
    "co trach nhiem",
    "chiu trach nhiem",
    "can cu",
    "tham muu",
    "dinh ky",
    "thuc hien",
    "trien khai",
    "xay dung",
    "to chuc",
    "huong dan",
    "bao cao",
    "theo doi",
    "kiem tra",
    "don doc",
    "chu dong",
    "ra soat",
    "bo tri",
    "dam bao",
    "bao dam",
    "tang cuong",
    "quan tam",
    "phu trach",
    "la co quan",
    "nghien cuu",
    "cung cap",
    "giam sat",
    "tuyen truyen",
    "phan cong",
    "co nhiem vu",
    "hang nam",
    "thuong xuyen",
    "nam bat",
    "lam dau moi",
    "duy tri",
)
_TASK_REF = re.compile(
    r"\b(?:nhiệm vụ|nội dung|mục|điểm|tiểu mục)\s+(?:số\s+|tại\s+)?"
    r"((?:[IVX]+|\d{1,2}|[a-zđ])\b(?:\.(?:[IVX]+|\d{1,2}|[a-zđ])\b)*"
    r"(?:\s*(?:,|và)\s*(?:[IVX]+|\d{1,2})\b(?:\.(?:[IVX]+|\d{1,2}|[a-zđ])\b)*)*)",
)
_WHOLE_PLAN = re.compile(r"\b(?:kế hoạch|chương trình|đề án)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Duty:
    units: tuple[str, ...]
    text: str


def is_unit_heading(text: str) -> bool:
    """ "Phòng Giáo dục & Đào tạo", "Ủy ban nhân dân các xã, thị trấn" — a unit, not a sentence."""
    text = text.rstrip(":").strip()
    return bool(text) and len(text.split()) <= 15 and not text.endswith((".", ";")) and starts_unit_name(text)


def _subject(text: str) -> str | None:
    """The units a sentence starts with, up to its verb: "Giao phòng GD&ĐT chủ trì, …" → "phòng GD&ĐT"."""
    words = text.split()
    keys = [search_key(word).strip(",.;:") for word in words]
    start = 0
    if keys[:1] == ["giao"]:
        start = 1
    elif " ".join(keys[:2]) in ("de nghi", "yeu cau"):
        start = 2
    for end in range(start + 1, len(words)):
        if keys[end - 1] in ("cac", "nhung"):  # "các tổ chức" is a noun, not the verb "tổ chức"
            continue
        joined = " ".join(keys[end : end + 4])
        if any(joined == verb or joined.startswith(verb + " ") for verb in _VERBS):
            subject = " ".join(words[start:end]).rstrip(",:;")
            return subject if starts_unit_name(subject) else None
    return None


def subject_of(text: str) -> str | None:
    """The units a sentence starts with, up to its verb, or None."""
    return _subject(text) if text.split() else None


def _render(node: Node) -> list[str]:
    lines: list[str] = []
    for child in node.children:
        markers = {"dash": "- ", "plus": "+ ", "letter": f"{child.ordinal}) "}
        marker = markers.get(child.kind, f"{child.ordinal}. " if child.ordinal else "")
        lines.append(marker + child.text)
        lines.extend(child.paras)
        lines.extend(_render(child))
    return lines


def duties(section: Node) -> list[Duty]:
    """The units and their duties under one "Tổ chức thực hiện" section."""
    found: list[Duty] = []
    for item in section.children:
        heading = item.text
        rest: list[str] = []
        units: list[str] = []
        if is_unit_heading(heading):
            units = split_units(heading.rstrip(":"))
        elif ":" in heading and is_unit_heading(heading.split(":", 1)[0]):
            unit_part, after = heading.split(":", 1)
            units, rest = split_units(unit_part), [after.strip()]
        else:
            subject = _subject(heading)
            units = split_units(subject) if subject else []
            rest = [heading]
        parts = [part for part in [*rest, *item.paras, *_render(item)] if part]
        text = "\n".join(parts).replace(PARA_BREAK, "\n")
        if units:
            found.append(Duty(tuple(units), text))
    if not section.children:
        for paragraph in section.paras:
            if ":" in paragraph and is_unit_heading(paragraph.split(":", 1)[0]):
                unit_part, after = paragraph.split(":", 1)
                found.append(Duty(tuple(split_units(unit_part)), after.strip()))
    return found


def responsibilities(found: list[Duty]) -> list[ParsedResponsibility]:
    return [ParsedResponsibility(unit, duty.text) for duty in found for unit in duty.units]


def task_references(text: str, task_paths: list[str]) -> list[tuple[str, str]]:
    """(path, "lead" | "support") for the tasks a duty names: "chủ trì nội dung tại mục II.1, II.3"."""
    found: list[tuple[str, str]] = []
    for sentence in re.split(r"(?<=[.;])\s+|\n", text):
        role = "support" if "phối hợp" in sentence.lower() and "chủ trì" not in sentence.lower() else "lead"
        for match in _TASK_REF.finditer(sentence):
            for reference in re.split(r"\s*(?:,|và)\s*", match.group(1)):
                path = _resolve(reference.strip(), task_paths)
                if path is not None:
                    found.append((path, role))
    return found


def _resolve(reference: str, task_paths: list[str]) -> str | None:
    if reference in task_paths:
        return reference
    ending = [path for path in task_paths if path.endswith("." + reference)]
    top = [path for path in ending if path.count(".") == reference.count(".") + 1]
    if len(top) == 1:
        return top[0]
    return ending[0] if len(ending) == 1 else None


def whole_plan_lead(found: list[Duty]) -> str | None:
    """The one unit whose duty is to lead ("chủ trì") carrying out the plan as a whole, if any."""
    leads: list[str] = []
    for duty in found:
        for sentence in re.split(r"(?<=\.)\s+|\n", duty.text):
            lowered = sentence.lower()
            if "chủ trì" in lowered and _WHOLE_PLAN.search(sentence) and not _TASK_REF.search(sentence):
                leads.extend(duty.units[:1])
                break
    unique = list(dict.fromkeys(leads))
    return unique[0] if len(unique) == 1 else None
