"""Whether a group a plan names ("Phòng GD&ĐT các huyện, thành phố") covers a given unit.

Plans address work to groups whose members they never list. A group name is read as a head and
a list after "các": "UBND | các xã, phường" covers "UBND xã Yên Lạc" (head matches, and "xã" is
one of the listed levels) but not "UBND huyện Mường Tè"; "Phòng GD&ĐT | các huyện, thành phố"
covers "Phòng Giáo dục và Đào tạo huyện Phong Thổ". A group with no head lists kinds of unit:
"Các phòng, ban, ngành" covers any "Phòng …"; "Các cơ sở giáo dục mầm non" covers kindergartens.
Generic lists ("các cơ quan, đơn vị") cover everyone, but only `Coverage.GENERIC`, which callers
use to claim work for our office and never to pass work down to particular schools.
"""

from __future__ import annotations

import re
from enum import IntEnum

from core.importing.units import is_group_name, spelled_key

# Splits a name already known to be a group (is_group, which tells "mọi" from "mới") at its list.
_GROUP_WORD = re.compile(r"(?:^|\s)(?:cac|nhung|tat ca|toan the|toan bo|moi)\s")
_PUNCT = re.compile(r"[-–—,.;:/()\"'“”‘’]+")
# Levels of place a group may list after its head, in spelled-key form.
_PLACE_LEVELS = ("thanh pho", "thi xa", "thi tran", "huyen", "quan", "tinh", "xa", "phuong")
# Levels of school: the phrase in a name, and the unit kinds (codes of the default directory).
_SCHOOL_LEVELS: tuple[tuple[str, frozenset[str]], ...] = (
    ("mam non", frozenset({"mam_non"})),
    ("mau giao", frozenset({"mam_non"})),
    ("nha tre", frozenset({"mam_non"})),
    ("tieu hoc va trung hoc co so", frozenset({"th_thcs"})),
    ("tieu hoc", frozenset({"tieu_hoc", "th_thcs"})),
    ("trung hoc co so", frozenset({"thcs", "th_thcs", "ptdtbt"})),
    ("pho thong dan toc ban tru", frozenset({"ptdtbt"})),
    ("trung hoc pho thong", frozenset({"thpt"})),
    ("giao duc nghe nghiep", frozenset({"gdnn_gdtx"})),
    ("giao duc thuong xuyen", frozenset({"gdnn_gdtx"})),
)
SCHOOL_KINDS = frozenset().union(*(kinds for _, kinds in _SCHOOL_LEVELS))
_SCHOOL_NOUNS = ("truong hoc", "truong", "co so giao duc", "nha truong", "don vi truong hoc", "co so")
_AGENCY_NOUNS = ("phong", "ban", "nganh", "so", "trung tam", "doan the", "to chuc", "hoi")
_COMMUNE_NOUNS = ("dia phuong", "uy ban nhan dan")
_GENERIC_NOUNS = ("co quan", "don vi")
# A list "trực thuộc" (directly under) the issuer names the issuer's own units, not a level of the chain.
_OWN_UNITS = re.compile(r"\btruc thuoc\b|\bthuoc (?:so|phong|uy ban)\b")


class Coverage(IntEnum):
    NONE = 0
    GENERIC = 1  # "các cơ quan, đơn vị": everyone, without saying who
    NAMED = 2  # the group names the unit's kind or level


def _words(name: str) -> str:
    return " ".join(_PUNCT.sub(" ", spelled_key(name)).split())


def is_group(name: str) -> bool:
    return is_group_name(name)


def _split(group_key: str) -> tuple[str, str]:
    match = _GROUP_WORD.search(group_key + " ")
    if match is None:
        return group_key, ""
    return group_key[: match.start()].strip(), group_key[match.end():].strip()


def _levels(text: str, levels: tuple[str, ...]) -> set[str]:
    found = set()
    rest = f" {text} "
    for level in sorted(levels, key=len, reverse=True):
        if f" {level} " in rest:
            found.add(level)
            rest = rest.replace(f" {level} ", " ")
    return found


def school_level_kinds(text: str) -> frozenset[str] | None:
    """Unit kinds of the school levels a text names ("mầm non, tiểu học"), None when it names none."""
    key = _words(text)
    kinds: set[str] = set()
    rest = f" {key} "
    for phrase, codes in _SCHOOL_LEVELS:
        if f" {phrase} " in rest:
            kinds |= codes
            rest = rest.replace(f" {phrase} ", " ")
    return frozenset(kinds) if kinds else None


def is_school(name: str, kind: str | None = None) -> bool:
    """A school by its kind, or by its name when the kind is not set ("Trường …", "Nhà trẻ …")."""
    if kind:
        return kind in SCHOOL_KINDS
    key = _words(name)
    return key.startswith(("truong ", "nha tre ")) and not is_group(name)


def coverage(group_name: str, unit_name: str, unit_kind: str | None = None) -> Coverage:
    """How the group `group_name` covers the unit `unit_name` (of kind `unit_kind` when known)."""
    group = _words(group_name)
    unit = _words(unit_name)
    if not group or not unit or not is_group(group_name):
        return Coverage.NONE
    if _OWN_UNITS.search(group):
        # "Các đơn vị trực thuộc Phòng GD&ĐT": the issuer's schools and centres. A school reading
        # it may be one of them, but which ones the directory cannot tell.
        return Coverage.GENERIC if is_school(unit_name, unit_kind) else Coverage.NONE
    head, tail = _split(group)
    if head:
        if not (unit == head or unit.startswith(head + " ")):
            return Coverage.NONE
        listed = _levels(tail, _PLACE_LEVELS)
        if listed:
            after = _levels(" ".join(unit[len(head):].split()[:2]), _PLACE_LEVELS)
            if after and not after & listed:
                return Coverage.NONE
        return Coverage.NAMED
    levels = school_level_kinds(tail)
    school = is_school(unit_name, unit_kind)
    if levels is not None:
        if not school:
            return Coverage.NONE
        if unit_kind in levels:
            return Coverage.NAMED
        own = school_level_kinds(unit)
        return Coverage.NAMED if own is not None and own & levels else Coverage.NONE
    nouns = _levels(tail, (*_SCHOOL_NOUNS, *_AGENCY_NOUNS, *_COMMUNE_NOUNS, *_GENERIC_NOUNS, *_PLACE_LEVELS))
    if school and nouns & set(_SCHOOL_NOUNS):
        return Coverage.NAMED
    first = unit.split()[0]
    if first in nouns or any(unit.startswith(noun + " ") for noun in nouns & set(_AGENCY_NOUNS)):
        return Coverage.NAMED
    if unit.startswith("uy ban nhan dan ") and (nouns & {"dia phuong", "xa", "phuong", "thi tran"}):
        return Coverage.NAMED
    if nouns & set(_GENERIC_NOUNS):
        return Coverage.GENERIC
    return Coverage.NONE
