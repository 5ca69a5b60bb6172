"""Which tasks of a received plan are ours, and to whom of ours each one goes by default.

A task is ours when it is led or coordinated by our office, by a group that covers us, or when it
is addressed to units below us ("Các cơ sở giáo dục mầm non" → our kindergartens), which we then
pass down. The rule works on plain values so that storage, the wizard and the command line agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from core.chain.groups import Coverage, coverage
from core.model import Role


class ClaimReason(StrEnum):
    LEAD = "lead"
    LEAD_GROUP = "lead_group"
    SUPPORT = "support"
    SUPPORT_GROUP = "support_group"
    BELOW = "below"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ClaimReason.LEAD: "Ta chủ trì",
    ClaimReason.LEAD_GROUP: "Ta chủ trì (thuộc nhóm)",
    ClaimReason.SUPPORT: "Ta phối hợp",
    ClaimReason.SUPPORT_GROUP: "Ta phối hợp (thuộc nhóm)",
    ClaimReason.BELOW: "Giao cho đơn vị cấp dưới",
}
_ORDER = tuple(ClaimReason)


@dataclass(frozen=True, slots=True)
class DirectoryUnit:
    id: int
    name: str
    kind_code: str | None = None


@dataclass(frozen=True, slots=True)
class AssignedUnit:
    """A unit a source task is assigned to, with the members the directory lists for a group."""

    unit: DirectoryUnit
    role: Role
    is_group: bool = False
    member_ids: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Claim:
    reason: ClaimReason
    via: str  # the source's unit name that makes the task ours: "UBND các xã, phường"
    below: tuple[int, ...] = ()  # our units the source addresses, in directory order

    @property
    def explanation(self) -> str:
        if self.reason in (ClaimReason.LEAD, ClaimReason.SUPPORT):
            return self.reason.label
        return f"{self.reason.label}: {self.via}"


def claim(
    assigned: Sequence[AssignedUnit], office: DirectoryUnit | None, below: Sequence[DirectoryUnit]
) -> Claim | None:
    """Why the task with these assignments is ours (the strongest reason), None when it is not.

    `below` are the units under our office that work can be passed down to. A group covers us
    when the directory lists us as a member, or, for a group with no members listed, when its
    name covers us (even generically). It covers a unit below only by name, never generically.
    """
    found: list[Claim] = []
    passed_down: list[int] = []
    for item in assigned:
        unit = item.unit
        lead = item.role is Role.LEAD
        if office is not None and unit.id == office.id:
            found.append(Claim(ClaimReason.LEAD if lead else ClaimReason.SUPPORT, unit.name))
            continue
        if office is not None and item.is_group and _covers(item, office, generic_ok=True):
            found.append(Claim(ClaimReason.LEAD_GROUP if lead else ClaimReason.SUPPORT_GROUP, unit.name))
        for low in below:
            named = low.id == unit.id or (item.is_group and _covers(item, low, generic_ok=False))
            if named and low.id not in passed_down:
                passed_down.append(low.id)
                if not any(c.reason is ClaimReason.BELOW for c in found):
                    found.append(Claim(ClaimReason.BELOW, unit.name))
    if not found:
        return None
    best = min(found, key=lambda c: _ORDER.index(c.reason))
    order = {low.id: index for index, low in enumerate(below)}
    return Claim(best.reason, best.via, tuple(sorted(passed_down, key=order.__getitem__)))


def _covers(group: AssignedUnit, unit: DirectoryUnit, *, generic_ok: bool) -> bool:
    if group.member_ids:
        return unit.id in group.member_ids
    found = coverage(group.unit.name, unit.name, unit.kind_code)
    return found is Coverage.NAMED or (generic_ok and found is Coverage.GENERIC)


def default_units(found: Claim, office_id: int | None) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(leads, supports) of our task made from a claimed one.

    Work we lead or coordinate is led by us, with the units below it names as coordinators;
    work addressed to units below us is led by them.
    """
    if found.reason is ClaimReason.BELOW or office_id is None:
        return found.below, ()
    return (office_id,), tuple(unit for unit in found.below if unit != office_id)
