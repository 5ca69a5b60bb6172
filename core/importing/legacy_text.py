"""Text in the legacy Vietnamese encodings → Unicode NFC, and the name of the encoding found.

Offices still keep documents typed before Unicode, in three encodings:
- TCVN3 (ABC, TCVN 5712:1993), the ".VnTime" fonts: one byte a letter. The small letters and
  Ă Â Ê Ô Ơ Ư Đ sit in 0xA1–0xFE; the other capitals in 0x80–0x9F, a few bytes of 0xAF–0xFF
  and some control bytes. The ".VnTimeH" fonts print the small letters' codes as capitals.
- VNI (VNI-Windows, the "VNI-Times" fonts): a base letter followed by a Latin-1 "mark"
  letter ("aù" is "á", "oä" is "ộ"); ơ, ư, đ and the i's with a tone are single letters.
- Windows-1258: Python's codec; it writes most tones as combining marks, so the text is
  composed (NFC) afterwards.

Legacy text reaches the importer as bytes (a .txt file) or as the characters Word stores for
a run set in a legacy font: the font's bytes read as Latin-1 / Windows-1252 characters (the
symbol-font form U+F0xx too). Both go through the same byte ↔ character table `BYTE_CHARS`.

Windows-1252 prints quotes, dashes and "…" at the bytes where TCVN3 has capitals ("“" is the
byte of "Ỏ"): such a character becomes the letter only where that makes a capital Vietnamese
syllable of the word it stands in ("HO„CH" → "HOẠCH", "“Về" stays).

`decode_legacy` tells which encoding a file's bytes are in by how Vietnamese each decoding
reads, and answers only when one is clearly best.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from core.importing.textprep import is_syllable

TCVN3 = "tcvn3"
VNI = "vni"
CP1258 = "cp1258"
ENCODING_LABELS = {TCVN3: "TCVN3 (ABC)", VNI: "VNI", CP1258: "Windows-1258"}


def _byte_chars() -> tuple[str, ...]:
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: Windows reads them as Latin-1
            chars.append(chr(byte))
    return tuple(chars)


# The character each byte is read as: Windows-1252, Latin-1 where 1252 has nothing.
BYTE_CHARS = _byte_chars()
_CHAR_BYTES = {char: byte for byte, char in enumerate(BYTE_CHARS)}


def _byte_of(char: str) -> int | None:
    """The byte a legacy font's character stands for, whichever way it was read."""
    code = ord(char)
    if code < 0x100:
        return code
    if 0xF000 <= code <= 0xF0FF:  # a symbol font's characters (Word's form for them)
        return code - 0xF000
    return _CHAR_BYTES.get(char)


def to_bytes(text: str) -> bytes:
    """The bytes a legacy font's characters stand for (the inverse of reading with `BYTE_CHARS`)."""
    out = bytearray()
    for char in text:
        byte = _byte_of(char)
        if byte is None:
            raise ValueError(f"“{char}” không có trong bảng mã một byte")
        out.append(byte)
    return bytes(out)


_LATIN1_TO_1252 = {byte: char for byte, char in enumerate(BYTE_CHARS) if char != chr(byte)}


def _from_bytes(data: bytes) -> str:
    return data.decode("latin-1").translate(_LATIN1_TO_1252)


# --- TCVN3 ---------------------------------------------------------------------------------

# TCVN 5712:1993 (VN1), bytes 0x80–0xFF. 0xB0–0xB4 hold combining tone marks in VN1; TCVN3 text
# writes every toned letter whole, and the ABC fonts print °±²³´ there, so they stay as printed.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "°±²³´àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)
# Capitals VN1 puts on control bytes.
_TCVN3_LOW = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ",
    0x12: "Ự", 0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
}  # fmt: skip
_TCVN3_BYTES: dict[int, str] = {**_TCVN3_LOW, **{0x80 + i: ch for i, ch in enumerate(_TCVN3_HIGH)}}
# Windows-1252 punctuation on bytes of TCVN3 capitals: a letter or a quote, by context.
_AMBIGUOUS = frozenset("“”‘’‚„–—…•")


def _tcvn3_tables() -> tuple[dict[int, str], dict[int, str], dict[str, int]]:
    plain: dict[int, str] = {}
    ambiguous: dict[int, str] = {}
    for byte, letter in _TCVN3_BYTES.items():
        forms = {chr(byte), BYTE_CHARS[byte], chr(0xF000 + byte)}
        for form in forms:
            if form == letter:
                continue
            (ambiguous if form in _AMBIGUOUS else plain)[ord(form)] = letter
    encode = {letter: byte for byte, letter in _TCVN3_BYTES.items()}
    return plain, ambiguous, encode


_TCVN3_PLAIN, _TCVN3_AMBIGUOUS, _TCVN3_ENCODE = _tcvn3_tables()
_AMBIGUOUS_WORD = re.compile(r"(?:[^\W\d_]|[“”‘’‚„–—…•])*[“”‘’‚„–—…•](?:[^\W\d_]|[“”‘’‚„–—…•])*")


def _tone_count(word: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFD", word) if ch in "\u0300\u0301\u0303\u0309\u0323")


def is_vietnamese_word(word: str) -> bool:
    """One Vietnamese syllable with at most one tone mark (any case)."""
    return is_syllable(word) and _tone_count(word) <= 1


def _capital_syllable(word: str) -> bool:
    return word.isupper() and is_vietnamese_word(word)


def _resolve_ambiguous(match: re.Match[str]) -> str:
    """Quotes and dashes around a word stay; inside a capital syllable they are its letters."""
    word = match.group(0)
    lead = len(word) - len(word.lstrip("".join(_AMBIGUOUS)))
    trail = len(word) - len(word.rstrip("".join(_AMBIGUOUS)))
    if lead == len(word):
        return word  # punctuation alone: "–", "…"
    # Keep as few of the outer characters as punctuation as makes the rest one syllable.
    for kept in range(lead + trail + 1):
        for front in range(min(kept, lead) + 1):
            back = kept - front
            if back > trail:
                continue
            core = word[front: len(word) - back]
            converted = core.translate(_TCVN3_AMBIGUOUS)
            if _capital_syllable(converted):
                return word[:front] + converted + word[len(word) - back:]
    return word


def tcvn3_to_unicode(text: str) -> str:
    """TCVN3 text read as Windows-1252 / Latin-1 characters → Unicode NFC."""
    text = text.translate(_TCVN3_PLAIN)
    if any(ch in _AMBIGUOUS for ch in text):
        text = _AMBIGUOUS_WORD.sub(_resolve_ambiguous, text)
    return unicodedata.normalize("NFC", text)


def unicode_to_tcvn3(text: str) -> bytes:
    """Unicode → TCVN3 bytes; raises ValueError for a character TCVN3 cannot write."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        byte = _TCVN3_ENCODE.get(char)
        out.extend(bytes([byte]) if byte is not None else to_bytes(char))
    return bytes(out)


# --- VNI -----------------------------------------------------------------------------------

_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # none, sắc, huyền, hỏi, ngã, nặng
_VNI_TONES = ("", "ù", "ø", "û", "õ", "ï")
_VNI_CIRCUMFLEX = ("â", "á", "à", "å", "ã", "ä")  # â/ê/ô with each tone
_VNI_BREVE = ("ê", "é", "è", "ú", "ü", "ë")  # ă with each tone
_VNI_I = ("i", "í", "ì", "æ", "ó", "ò")
# Vietnamese vowel → (VNI base letter, the marks for each tone).
_VNI_VOWELS = {
    "a": ("a", _VNI_TONES), "ă": ("a", _VNI_BREVE), "â": ("a", _VNI_CIRCUMFLEX),
    "e": ("e", _VNI_TONES), "ê": ("e", _VNI_CIRCUMFLEX),
    "o": ("o", _VNI_TONES), "ô": ("o", _VNI_CIRCUMFLEX), "ơ": ("ô", _VNI_TONES),
    "u": ("u", _VNI_TONES), "ư": ("ö", _VNI_TONES),
    "y": ("y", ("", "ù", "ø", "û", "õ", "\x00")),  # ỵ is the single letter "î"
}  # fmt: skip


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    encode: dict[str, str] = {"đ": "ñ"}
    for vowel, (base, marks) in _VNI_VOWELS.items():
        for tone, mark in zip(_TONES, marks, strict=True):
            letter = unicodedata.normalize("NFC", vowel + tone)
            encode[letter] = "î" if mark == "\x00" else base + mark
    for tone, code in zip(_TONES, _VNI_I, strict=True):
        encode[unicodedata.normalize("NFC", "i" + tone)] = code
    encode.update({letter.upper(): code.upper() for letter, code in list(encode.items())})
    decode = {code: letter for letter, code in encode.items() if code != letter}
    # Some VNI writers put the vowel mark and the tone as two marks: "aâù" for "ấ".
    for vowel, base, marks in (("â", "a", _VNI_CIRCUMFLEX), ("ê", "e", _VNI_CIRCUMFLEX),
                               ("ô", "o", _VNI_CIRCUMFLEX), ("ă", "a", _VNI_BREVE)):  # fmt: skip
        for tone, mark in zip(_TONES[1:], _VNI_TONES[1:], strict=True):
            letter = unicodedata.normalize("NFC", vowel + tone)
            for case in (str.lower, str.upper):
                decode.setdefault(case(base + marks[0] + mark), case(letter))
    return encode, decode


_VNI_ENCODE, _VNI_DECODE = _vni_tables()
_VNI_SEQUENCE = re.compile("|".join(re.escape(code) for code in sorted(_VNI_DECODE, key=len, reverse=True)))


def vni_to_unicode(text: str) -> str:
    """VNI text read as Windows-1252 / Latin-1 characters → Unicode NFC."""
    if any(0xF000 <= ord(ch) <= 0xF0FF for ch in text):
        text = "".join(chr(ord(ch) - 0xF000) if 0xF000 <= ord(ch) <= 0xF0FF else ch for ch in text)
    return unicodedata.normalize("NFC", _VNI_SEQUENCE.sub(lambda m: _VNI_DECODE[m.group(0)], text))


def unicode_to_vni(text: str) -> bytes:
    """Unicode → VNI bytes; raises ValueError for a character VNI cannot write."""
    return to_bytes("".join(_VNI_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text)))


# --- Windows-1258 ----------------------------------------------------------------------------


def cp1258_to_unicode(data: bytes) -> str:
    """Windows-1258 bytes → Unicode NFC; raises UnicodeDecodeError on a byte 1258 leaves undefined."""
    return unicodedata.normalize("NFC", data.decode("cp1258"))


def unicode_to_cp1258(text: str) -> bytes:
    """Unicode → Windows-1258 as Windows writes it: whole letters where 1258 has them, else
    the letter (with its circumflex, breve or horn) and a combining tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out.extend(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(ch for ch in decomposed if ch in _TONES[1:])
        letter = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES[1:]))
        out.extend((letter + tones).encode("cp1258"))  # raises UnicodeEncodeError if 1258 lacks it
    return bytes(out)


# --- which encoding --------------------------------------------------------------------------


def encode(text: str, encoding: str) -> bytes:
    """Unicode → bytes in one of the legacy encodings (`TCVN3`, `VNI`, `CP1258`)."""
    if encoding == TCVN3:
        return unicode_to_tcvn3(text)
    if encoding == VNI:
        return unicode_to_vni(text)
    if encoding == CP1258:
        return unicode_to_cp1258(text)
    raise ValueError(f"bảng mã không biết: {encoding}")


def decode(data: bytes, encoding: str) -> str:
    """Bytes in one of the legacy encodings → Unicode NFC."""
    if encoding == TCVN3:
        return tcvn3_to_unicode(_from_bytes(data))
    if encoding == VNI:
        return vni_to_unicode(_from_bytes(data))
    if encoding == CP1258:
        return cp1258_to_unicode(data)
    raise ValueError(f"bảng mã không biết: {encoding}")


def convert(text: str, encoding: str) -> str:
    """Characters of a run set in a legacy font (bytes read as Latin-1 / 1252) → Unicode NFC."""
    if encoding == TCVN3:
        return tcvn3_to_unicode(text)
    if encoding == VNI:
        return vni_to_unicode(text)
    raise ValueError(f"bảng mã không biết: {encoding}")


def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies: ".VnTime", ".VnArialH" → TCVN3; "VNI-Times" → VNI."""
    if not font:
        return None
    name = font.strip()
    if name.startswith(".Vn"):
        return TCVN3
    if name.upper().startswith("VNI-"):
        return VNI
    return None


def capitals_font(font: str | None) -> bool:
    """".VnTimeH", ".VnArialH": TCVN3 fonts that print the small letters' codes as capitals."""
    return font_encoding(font) == TCVN3 and bool(font) and font.strip().endswith("H")


def is_legacy_text(text: str) -> bool:
    """Could `text` be a legacy font's bytes? Not if it holds letters beyond Latin-1 and 1252."""
    return all(_byte_of(ch) is not None for ch in text)


_COMMON_WORDS = frozenset({
    "các", "và", "được", "thực", "hiện", "kế", "hoạch", "của", "trong", "cho", "có", "không", "năm",
    "ngày", "tháng", "những", "với", "để", "theo", "về", "học", "giáo", "dục", "trường", "đơn", "vị",
    "phòng", "nhiệm", "vụ", "người", "là", "một", "đã", "này", "tổ", "chức", "công", "tác", "tại",
    "nhà", "nước", "ban", "hành", "quản", "lý", "chỉ", "đạo", "triển", "khai", "đảm", "bảo",
})  # fmt: skip
_WORD = re.compile(r"\S+")
_EDGE_PUNCTUATION = "\"'“”‘’()[]{}.,;:!?…-–—/*•"
_SAMPLE_BYTES = 200_000  # enough text to judge an encoding by; a large file is not read twice


@dataclass(frozen=True, slots=True)
class Reading:
    """How Vietnamese one decoding reads: the share of its accented words that are syllables."""

    encoding: str
    score: float
    common: int  # common words ("các", "và", "được", …) seen


def vietnamese_reading(text: str, encoding: str = "") -> Reading:
    """Score `text`: words with a letter beyond ASCII that are Vietnamese syllables, and common words."""
    accented = good = common = 0
    for raw in _WORD.findall(text):
        word = raw.strip(_EDGE_PUNCTUATION)
        if not word:
            continue
        if word.lower() in _COMMON_WORDS:
            common += 1
        if word.isascii():
            continue
        accented += 1
        good += is_vietnamese_word(word)
    return Reading(encoding, good / accented if accented else 0.0, common)


_MIN_SCORE = 0.6
_MIN_LEAD = 0.2


def best_reading(readings: Iterable[Reading]) -> Reading | None:
    """The reading clearly more Vietnamese than every other one, if there is one."""
    ranked = sorted(readings, key=lambda r: (r.score, r.common), reverse=True)
    if not ranked or ranked[0].score < _MIN_SCORE:
        return None
    if len(ranked) > 1 and ranked[0].score - ranked[1].score < _MIN_LEAD:
        return None
    return ranked[0]


def decode_legacy(data: bytes) -> tuple[str, str] | None:
    """(Unicode NFC text, encoding) for bytes in TCVN3, VNI or Windows-1258; None when none fits clearly."""
    sample = data[:_SAMPLE_BYTES]
    readings = []
    for encoding in (TCVN3, VNI, CP1258):
        try:
            text = decode(sample, encoding)
        except UnicodeDecodeError:
            continue
        readings.append(vietnamese_reading(text, encoding))
    best = best_reading(readings)
    if best is None:
        return None
    try:
        return decode(data, best.encoding), best.encoding
    except UnicodeDecodeError:  # a byte past the sample that Windows-1258 does not define
        return None
