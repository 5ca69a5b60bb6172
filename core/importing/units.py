"""Unit names as plans write them: a matching key, splitting a cell into units, group names.

Plans name the same office in several ways ("Phòng GD&ĐT", "Phòng Giáo dục & Đào tạo",
"phòng Giáo dục và Đào tạo huyện"), list several units in one cell separated by commas or
semicolons, and use group names that contain commas themselves ("UBND các xã, phường",
"Các phòng, ban, cơ quan, đơn vị thành phố"). Text extracted from PDFs also loses the line
break between two units ("… đơn vị thành phố UBND các xã, phường").
"""

from __future__ import annotations

import re

from core.vntext import clean, nfc, search_key

# Abbreviations expanded on the search key (lower case, no diacritics, đ → d), longest first.
_SEP = r"\s*(?:va|-|/)?\s*"
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\bubnd\b", "uy ban nhan dan"),
    (r"\bhdnd\b", "hoi dong nhan dan"),
    (r"\bmttq\b", "mat tran to quoc"),
    (r"\bgd" + _SEP + r"dt\b|\bgddt\b", "giao duc va dao tao"),
    (r"\btc" + _SEP + r"kh\b", "tai chinh va ke hoach"),
    (r"\bkh" + _SEP + r"tc\b", "ke hoach va tai chinh"),
    (r"\bld\s*-?\s*tb" + _SEP + r"xh\b|\bldtbxh\b", "lao dong thuong binh va xa hoi"),
    (r"\btn" + _SEP + r"mt\b|\btnmt\b", "tai nguyen va moi truong"),
    (r"\bnn" + _SEP + r"ptnt\b", "nong nghiep va phat trien nong thon"),
    (r"\bkt" + _SEP + r"ht\b", "kinh te va ha tang"),
    (r"\bthcs\b", "trung hoc co so"),
    (r"\bthpt\b", "trung hoc pho thong"),
    (r"\bptdtbt\b", "pho thong dan toc ban tru"),
    (r"\bptdtnt\b", "pho thong dan toc noi tru"),
    (r"\bgdnn\b", "giao duc nghe nghiep"),
    (r"\bgdtx\b", "giao duc thuong xuyen"),
    (r"\bbchqs\b", "ban chi huy quan su"),
    (r"\btruong mn\b", "truong mam non"),
    (r"\btruong th\b", "truong tieu hoc"),
)
_ABBREVIATION_RES = tuple((re.compile(p), r) for p, r in _ABBREVIATIONS)
_PUNCT = re.compile(r"[-–—,.;:/()\"'“”‘’\[\]]+")
# Department-like heads whose two-part names may be written in either order
# ("Phòng Tài chính - Kế hoạch" = "Phòng Kế hoạch - Tài chính").
_DEPARTMENT_HEADS = ("phong", "so", "ban", "trung tam", "chi cuc", "cuc", "vu", "vien")
_TRAILING_PLACE = re.compile(r"\s+(?:huyen|thanh pho|thi xa|quan|tinh)$")
_PART_SEP = re.compile(r"\s+(?:va|-|–)\s+")


def spelled_key(name: str) -> str:
    """The search key with abbreviations spelled out: "UBND xã Yên Lạc" → "uy ban nhan dan xa yen lac"."""
    key = search_key(name)
    key = re.sub(r"\s*&\s*", " va ", key)
    for pattern, replacement in _ABBREVIATION_RES:
        key = pattern.sub(replacement, key)
    return " ".join(key.split())


def unit_key(name: str) -> str:
    """Key for matching unit names regardless of case, diacritics and common abbreviations.

    "Phòng GD&ĐT", "Phòng Giáo dục & Đào tạo" and "Phòng Giáo dục và Đào tạo" give one key;
    so do "UBND các xã" and "Ủy ban nhân dân các xã", and "Phòng Tài chính - Kế hoạch" and
    "Phòng TC-KH" and "Phòng Kế hoạch - Tài chính". A department's trailing "huyện"/"thành
    phố" is dropped, since a plan's own units are all of that place.
    """
    key = spelled_key(name)
    head = next((h for h in _DEPARTMENT_HEADS if key == h or key.startswith(h + " ")), None)
    if head is not None:
        rest = key[len(head):].strip()
        if head == "phong":
            rest = _TRAILING_PLACE.sub("", rest)
        parts = _PART_SEP.split(rest)
        if len(parts) == 2:
            rest = " ".join(sorted(p.strip() for p in parts))
        key = f"{head} {rest}".strip()
    key = _PUNCT.sub(" ", key)
    words = [word for word in key.split() if word != "va"]
    # A list repeats "các" as it pleases ("Các phòng, ban, các cơ quan, đơn vị"): only the
    # first one tells that the name is a group.
    first = words.index("cac") if "cac" in words else len(words)
    return " ".join(word for index, word in enumerate(words) if word != "cac" or index == first)


# --- group names ---------------------------------------------------------------------------

_GROUP_WORDS = re.compile(r"(?:^|\s)(?:cac|nhung|tat ca|toan the|toan bo)\s")
# "mọi" (every) folds to "moi", as does "môi" in "Môi trường": it is matched with its tone mark.
_EVERY = re.compile(r"(?:^|\s)mọi\s")


def is_group_name(name: str) -> bool:
    """True for names that stand for several units: "UBND các xã, phường", "Các trường học trực thuộc"."""
    if _EVERY.search(nfc(name).lower() + " "):
        return True
    return _GROUP_WORDS.search(search_key(name) + " ") is not None


# --- splitting a cell ------------------------------------------------------------------------

# Words that begin a unit's name (search-key form). Short ones are also ordinary words, so they
# count only when a capitalised word or an acronym follows ("Sở Tài chính", "phòng Nội vụ").
_LONG_HEADS = (
    "uy ban nhan dan", "uy ban", "hoi dong nhan dan", "trung tam", "van phong", "cong an",
    "co quan", "don vi", "huyen doan", "thanh doan", "tinh doan", "lien doan", "mat tran",
    "dang uy", "huyen uy", "thanh uy", "tinh uy", "chi cuc", "kho bac", "thanh tra", "benh vien",
    "bao hiem", "ngan hang", "ban chi huy", "ban chi dao", "ban quan ly", "nha truong",
    "cong ty", "doanh nghiep", "hop tac xa", "chi nhanh", "toa an", "vien kiem sat", "tram y te",
    "hoi dong", "hoi lien hiep", "hoi cuu", "hoi nong dan", "hoi phu nu",
)
_SHORT_HEADS = (
    "phong", "truong", "ban", "so", "bo", "hoi", "doan", "vien", "dai", "hat", "cuc", "tram", "to", "nganh",
)
# Nouns that continue a group's list ("Các phòng, ban, cơ quan, đơn vị thành phố").
_LIST_NOUNS = (
    "phong", "ban", "nganh", "co quan", "don vi", "doan the", "to chuc", "xa", "phuong",
    "thi tran", "dia phuong", "truong", "truong hoc", "doanh nghiep", "hoi", "phong ban", "co so",
    "thon", "ban", "to dan pho", "lien quan",
)
_AGENCY_NOUNS = ("phong", "ban", "nganh", "co quan", "don vi", "doan the", "to chuc", "phong ban")
_PLACE_ENDINGS = ("pho", "huyen", "tinh", "xa", "phuong", "tran", "quan")
_CONNECTORS = ("va", "cua", "thuoc", "voi", "cho", "-", "–", "truc")
# Upper-case letters of Vietnamese (and Latin-1) for use inside a regex character class:
# the range À-Ỹ alone would also take the lower-case letters that sit between them.
UPPER = "A-Z" + "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.isupper() and ch.isalpha())
_ACRONYM = re.compile(rf"^[{UPPER}][{UPPER}0-9&\-]+\b")
_UPPER_START = re.compile(rf"^[{UPPER}]")
_STRONG_HEAD = re.compile(
    rf"\s+(?=(?:UBND|HĐND|Ủy ban nhân dân|Uỷ ban nhân dân|Phòng [{UPPER}]|Trung tâm [{UPPER}]"
    rf"|Sở [{UPPER}]|Trường [{UPPER}]|Ban [{UPPER}]|Công an ))"
)
_AND_BEFORE_HEAD = re.compile(
    rf"\s+và\s+(?=(?:các\s|UBND|Ủy ban|Uỷ ban|Phòng [{UPPER}]|Trung tâm [{UPPER}]|Sở [{UPPER}]"
    rf"|Trường [{UPPER}]|Ban [{UPPER}]|Công an))"
)
_TAGS = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")


def _starts_with(key: str, words: tuple[str, ...]) -> str | None:
    for word in sorted(words, key=len, reverse=True):
        if key == word or key.startswith(word + " "):
            return word
    return None


def starts_unit_name(segment: str) -> bool:
    """Does this segment begin a new unit's name?"""
    if _ACRONYM.match(segment):
        return True
    key = search_key(segment)
    if key.startswith(("cac ", "nhung ")):
        return True
    if _starts_with(key, _LONG_HEADS):
        return True
    short = _starts_with(key, _SHORT_HEADS)
    if short is None:
        return False
    words = segment.split()
    following = words[len(short.split())] if len(words) > len(short.split()) else ""
    return bool(following) and (_UPPER_START.match(following) is not None)


def _continues_group(current: str, segment: str) -> bool:
    """Is `segment` another noun of the group list in `current` ("…, ban", "…, các cơ quan")?"""
    if not is_group_name(current) or _UPPER_START.match(segment):
        return False
    if any(_UPPER_START.match(word) for word in segment.split()[1:]):
        return False
    key = search_key(segment)
    if key.startswith("cac "):
        noun = _starts_with(key[4:], _AGENCY_NOUNS)
        return noun is not None and any(
            f" {n} " in f" {search_key(current)} " for n in _AGENCY_NOUNS
        )
    return _starts_with(key, _LIST_NOUNS) is not None


def _ends_unit(left: str) -> bool:
    """Can a unit's name end here, so that a new one may follow without a separator?"""
    words = search_key(left).split()
    if len(words) < 2 or words[-1] in _CONNECTORS:
        return False
    if is_group_name(left) or words[-1] in _PLACE_ENDINGS:
        return True
    # "Văn phòng UBND huyện", "Văn phòng HĐND và UBND" are one office, not two.
    return len(words) >= 3 and not search_key(left).startswith("van phong") and starts_unit_name(left)


def _mid_split(segment: str) -> list[str]:
    """Split "… đơn vị thành phố UBND các xã" where a line break between two units was lost."""
    pieces: list[str] = []
    start = 0
    for match in _STRONG_HEAD.finditer(segment):
        left = segment[start:match.start()]
        right_is_council = segment[match.end():].startswith(("UBND", "HĐND", "Ủy ban", "Uỷ ban"))
        words = search_key(left).split()
        if not _ends_unit(left):
            continue
        if is_group_name(left) or words[-1] in _PLACE_ENDINGS or right_is_council:
            pieces.append(left)
            start = match.end()
    pieces.append(segment[start:])
    return [p.strip() for p in pieces if p.strip()]


def _and_split(chunk: str) -> list[str]:
    """Split "UBND các xã, phường và các tổ chức …" at a "và" that a unit or group follows."""
    pieces: list[str] = []
    for part in _AND_BEFORE_HEAD.split(chunk):
        part = part.strip()
        if not part:
            continue
        if pieces and not _ends_unit(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} và {part}"
        else:
            pieces.append(part)
    return pieces


def _tidy(name: str) -> str:
    name = name.strip(" \t-–+•;,.:")
    if name and name[0].islower():
        name = name[0].upper() + name[1:]
    return name


def split_units(cell: str) -> list[str]:
    """The unit names in a "chủ trì"/"phối hợp" cell, in order, without duplicates.

    ";" and line breaks always separate; "," separates unless what follows continues a
    group name ("UBND các xã, phường") or is not the start of a unit at all ("Trung tâm Văn
    hoá, Thể thao và Truyền thông"); "và" separates when a unit or group follows it.
    """
    text = _TAGS.sub(" ", cell).replace("\u2029", ";").replace("\n", ";")
    units: list[str] = []
    for chunk in clean(text).split(";"):
        for and_piece in _and_split(chunk):
            current: str | None = None
            for comma_piece in and_piece.split(","):
                for index, piece in enumerate(_mid_split(comma_piece.strip())):
                    if current is None:
                        current = piece
                    elif index == 0 and (_continues_group(current, piece) or not starts_unit_name(piece)):
                        current = f"{current}, {piece}"
                    else:
                        units.append(current)
                        current = piece
            if current is not None:
                units.append(current)
    result: list[str] = []
    seen: set[str] = set()
    for unit in units:
        name = _tidy(unit)
        key = unit_key(name)
        if name and key and key not in seen:
            seen.add(key)
            result.append(name)
    return result


# Checked in order against the unit's search key; the first prefix that matches gives the kind.
_KIND_PREFIXES: tuple[tuple[str, str], ...] = (
    ("truong mam non", "mam_non"),
    ("truong mau giao", "mam_non"),
    ("truong tieu hoc va trung hoc co so", "th_thcs"),
    ("truong th thcs", "th_thcs"),
    ("truong th&thcs", "th_thcs"),
    ("truong pho thong dan toc ban tru", "ptdtbt"),
    ("truong ptdtbt", "ptdtbt"),
    ("truong tieu hoc", "tieu_hoc"),
    ("truong th ", "tieu_hoc"),
    ("truong trung hoc co so", "thcs"),
    ("truong thcs", "thcs"),
    ("truong trung hoc pho thong", "thpt"),
    ("truong thpt", "thpt"),
    ("trung tam giao duc nghe nghiep", "gdnn_gdtx"),
    ("trung tam gdnn", "gdnn_gdtx"),
    ("ubnd xa", "ubnd_xa"),
    ("ubnd phuong", "ubnd_xa"),
    ("ubnd thi tran", "ubnd_xa"),
    ("uy ban nhan dan xa", "ubnd_xa"),
    ("uy ban nhan dan phuong", "ubnd_xa"),
    ("ubnd huyen", "ubnd_huyen_tinh"),
    ("ubnd tinh", "ubnd_huyen_tinh"),
    ("ubnd thanh pho", "ubnd_huyen_tinh"),
    ("so ", "so_nganh"),
    ("phong ", "phong_ban"),
    ("ban ", "phong_ban"),
    ("mat tran", "doan_the"),
    ("hoi ", "doan_the"),
    ("doan ", "doan_the"),
    ("lien doan", "doan_the"),
)
def guess_unit_kind(name: str) -> str | None:
    """A unit kind code from how the name starts ("Trường Tiểu học …" → tieu_hoc), None if unsure."""
    key = search_key(name) + " "
    return next((code for prefix, code in _KIND_PREFIXES if key.startswith(prefix)), None)
