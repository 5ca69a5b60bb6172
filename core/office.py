"""Our office: who the application works for, as the letterhead prints it and as the directory knows it.

An office sits in a chain that is data, never an assumption: since 1 July 2025 local government
has two tiers, so a school's body above may be a Phòng GD&ĐT, a UBND xã or a Sở, and a Phòng
GD&ĐT may not exist at all. The office is also a unit of the directory (`unit_id`), so that a
plan's groups ("Phòng GD&ĐT các huyện, thành phố", "UBND các xã, phường") are known to include it.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.reports.data import Letterhead, Signer
from core.vntext import clean


@dataclass(frozen=True, slots=True)
class Office:
    name: str = ""  # "Phòng Giáo dục và Đào tạo huyện Phong Thổ": as the directory names us
    parent_body: str = ""  # "UBND huyện Phong Thổ"; "" when nothing is above us in the letterhead
    kind_code: str = ""  # a unit kind of the directory: "phong_ban", "ubnd_xa", "thcs" …
    place: str = ""  # địa danh of the date line: "Phong Thổ"
    symbol: str = ""  # our part of document symbols: "PGDĐT" in "05/KH-PGDĐT"
    signer: Signer = Signer()
    recipients: tuple[str, ...] = ()
    unit_id: int | None = None  # our unit in the directory, once saved

    @property
    def is_set(self) -> bool:
        """True once the office has a name: the least a printed document needs."""
        return bool(clean(self.name))

    def missing(self) -> list[str]:
        """The fields a printed document needs and the office lacks, by their form labels."""
        return letterhead_gaps(self.letterhead())

    def letterhead(self) -> Letterhead:
        return Letterhead(
            parent_body=self.parent_body,
            issuing_body=self.name,
            place=self.place,
            abbreviation=self.symbol,
            signer=self.signer,
            recipients=self.recipients,
        )


MISSING_OFFICE_HINT = "Vào Tệp → Thông tin đơn vị… để điền."


def letterhead_gaps(letterhead: Letterhead) -> list[str]:
    """What a document printed with this letterhead lacks, by the office form's labels."""
    wanted = (
        (letterhead.issuing_body, "tên đơn vị"),
        (letterhead.place, "địa danh"),
        (letterhead.abbreviation, "chữ viết tắt"),
        (letterhead.signer.title, "chức vụ người ký"),
        (letterhead.signer.name, "họ tên người ký"),
    )
    return [label for value, label in wanted if not clean(value)]


def letterhead_warning(letterhead: Letterhead, hint: str = MISSING_OFFICE_HINT) -> str:
    """One line telling what a document printed with this letterhead lacks and `hint` (where to
    fill it in); "" when nothing is missing."""
    missing = letterhead_gaps(letterhead)
    if not missing:
        return ""
    if not clean(letterhead.issuing_body):
        return (
            "Chưa có thông tin đơn vị: văn bản in ra sẽ thiếu tên cơ quan ban hành và khối chữ ký. " + hint
        )
    return f"Thông tin đơn vị còn thiếu {', '.join(missing)}. {hint}"


def missing_office_warning(office: Office) -> str:
    """One line telling what a document printed for our office will lack and where to fill it in."""
    return letterhead_warning(office.letterhead())
