"""The foot of an official document: "Nơi nhận:" and the signature block.

The two sit side by side (recipients left, signer right). Extracted text gives them one after
the other, or — with `pdftotext -layout` — on shared lines separated by a run of spaces, with
the signer's lines indented far to the right when they stand alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.importing.textprep import AUTHORITY, RECIPIENTS_LABEL, Line, columns

_SIGN_NOTE = re.compile(r"^\(?\s*(?:đã ký|ký|chữ ký|đã kí|kí)\b.*\)?$", re.IGNORECASE)
_BULLET = re.compile(r"^[-–—+•·*]\s*")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_]*$")
# Words of a signer's title, so that an upper-case name is not taken for a title.
_TITLE_WORDS = (
    "CHỦ TỊCH", "TRƯỞNG", "GIÁM ĐỐC", "BÍ THƯ", "CHÁNH", "THỦ TRƯỞNG", "HIỆU TRƯỞNG", "PHÓ",
    "TỔNG", "ỦY VIÊN", "THƯỜNG TRỰC", "THƯ KÝ", "QUYỀN", "KẾ TOÁN", "CHUYÊN VIÊN", "CỤC",
)
RIGHT_COLUMN_INDENT = 30


@dataclass
class Signature:
    authority: list[str] = field(default_factory=list)
    title: str | None = None
    name: str | None = None
    recipients: list[str] = field(default_factory=list)


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def looks_like_name(text: str) -> bool:
    """"Mai Thị Hồng Sim": two to six capitalised words of letters only."""
    words = text.split()
    if not 2 <= len(words) <= 6:
        return False
    return all(_NAME_WORD.match(w) and w[0].isupper() and (w[1:].islower() or len(w) == 1) for w in words)


def is_signer_title(text: str) -> bool:
    return _is_upper(text) and len(text.split()) <= 10 and any(word in text for word in _TITLE_WORDS)


# First words of a signer's title, and words that make a title with the word after them
# ("BỘ TRƯỞNG", "PHÓ HIỆU TRƯỞNG"), so that "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" splits before "PHÓ".
_TITLE_START = {
    "CHỦ": ("TỊCH", "NHIỆM"), "PHÓ": (), "GIÁM": ("ĐỐC",), "TRƯỞNG": (), "BÍ": ("THƯ",), "CHÁNH": (),
    "HIỆU": ("TRƯỞNG",), "THỨ": ("TRƯỞNG",), "TỔNG": (), "QUYỀN": (), "ỦY": ("VIÊN",), "THƯ": ("KÝ",),
}  # fmt: skip
_TITLE_COMPOUND = {"BỘ", "HIỆU", "THỨ", "PHÓ", "TỔNG", "QUYỀN", "VIỆN", "CỤC", "VỤ"}


def _title_start(words: list[str], index: int) -> bool:
    word = words[index]
    if word not in _TITLE_START or words[index - 1] in _TITLE_COMPOUND:
        return False
    following = _TITLE_START[word]
    return not following or (index + 1 < len(words) and words[index + 1] in following)


def signer_lines(text: str) -> list[str]:
    """The printed lines of a signature block flattened into one ("TM. UBND KT. CHỦ TỊCH PHÓ CHỦ TỊCH Tên").

    An authority line ends where the signer's title begins; the name is the capitalised words
    after the upper-case title. Text that is one line already comes back as it is.
    """
    words = text.split()
    name_start = len(words)
    while name_start > 0 and words[name_start - 1][:1].isupper() and not _is_upper(words[name_start - 1]):
        name_start -= 1
    lines: list[str] = []
    head, tail = words[:name_start], words[name_start:]
    joined_head = " ".join(head)
    is_title = _is_upper(joined_head) and (is_signer_title(joined_head) or bool(AUTHORITY.match(joined_head)))
    if head and tail and not (looks_like_name(" ".join(tail)) and is_title):
        head, tail = words, []
    start = 0
    if head and AUTHORITY.match(" ".join(head)):
        for index in range(2, len(head)):
            if _title_start(head, index):
                lines.append(" ".join(head[start:index]))
                start = index
                break
    if head[start:]:
        lines.append(" ".join(head[start:]))
    if tail:
        lines.append(" ".join(tail))
    return lines or [text]


def _recipient(text: str) -> str:
    text = _BULLET.sub("", text).strip().rstrip(";,").strip()
    # The list ends with "." — drop it unless it ends an abbreviation ("Lưu: VT.").
    last_word = text[:-1].split()[-1:] if text.endswith(".") else []
    if last_word and not any(ch.isupper() for ch in last_word[0]):
        text = text[:-1].rstrip()
    return text


def parse_signature(lines: list[Line]) -> Signature:
    """Read recipients and signer from the lines from "Nơi nhận"/"TM. …" to the end."""
    signature = Signature()
    left: list[str] = []
    right: list[str] = []
    for line in lines:
        if not line.text:
            continue
        pieces = columns(line)
        if len(pieces) >= 2:
            left.append(pieces[0][1])
            right.extend(piece for _, piece in pieces[1:])
        elif line.indent >= RIGHT_COLUMN_INDENT:
            right.append(pieces[0][1] if pieces else line.text)
        else:
            left.append(line.text)
    stream = [part for text in left + right for part in signer_lines(text)]
    in_recipients = False
    signer_started = signer_done = False
    recipient_closed = True
    for index, text in enumerate(stream):
        if _SIGN_NOTE.match(text):
            continue
        label = RECIPIENTS_LABEL.match(text)
        if label:
            in_recipients = True
            rest = text[label.end():].strip()
            if rest:
                signature.recipients.append(_recipient(rest))
                recipient_closed = rest.endswith((";", "."))
            continue
        if AUTHORITY.match(text):
            if signature.name is not None:
                signer_done = True  # a document signed jointly: the first signer is the one kept
            if not signer_done:
                signature.authority.append(text)
            signer_started, in_recipients = True, False
            continue
        if signer_done and not in_recipients and not RECIPIENTS_LABEL.match(text):
            continue
        if signature.authority and signature.title is None and _is_upper(text) and not is_signer_title(text):
            # "KT. BỘ TRƯỞNG" over "BỘ TÀI CHÍNH": the body the authority line names.
            signature.authority[-1] = f"{signature.authority[-1]} {text}"
            continue
        if _BULLET.match(text) and not signer_started:
            in_recipients = True
            signature.recipients.append(_recipient(text))
            recipient_closed = text.endswith((";", "."))
            continue
        if _is_upper(text) and (is_signer_title(text) or signer_started or not in_recipients):
            if signature.title is None:
                signature.title = text
            elif signature.name is None and is_signer_title(text):
                signature.title = f"{signature.title} {text}"  # a title printed on two lines
            elif signature.name is None:
                signature.name = text
            signer_started, in_recipients = True, False
            continue
        if looks_like_name(text) and (signer_started or not in_recipients or index == len(stream) - 1):
            if signature.name is None:
                signature.name = text
            signer_started, in_recipients = True, False
            continue
        if in_recipients:
            if signature.recipients and not recipient_closed and text[:1].islower():
                signature.recipients[-1] = _recipient(f"{signature.recipients[-1]} {text}")
            else:
                signature.recipients.append(_recipient(text))
            recipient_closed = text.endswith((";", "."))
    signature.recipients = [r for r in signature.recipients if r]
    return signature
