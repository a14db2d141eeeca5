"""Text repair: mojibake from latin1 columns, and pasted legacy Vietnamese fonts.

NukeViet 2.0 connected without ``SET NAMES``: it wrote UTF-8 bytes into latin1
columns. A dump made with ``--default-character-set=latin1`` gives those bytes back
unchanged (the text reads right); a default dump converts each byte as if it were a
cp1252 character, so "Hội" comes out "Há»™i". Which of the two a dump is, is decided
once for the whole dump (:func:`is_double_encoded`): ftfy's heuristics alone leave a
short field like "Ná»™i dung." as it is. A double-encoded dump is undone exactly with
ftfy's "sloppy-windows-1252" codec, which is MySQL's latin1 (cp1252 with the five
undefined bytes kept as U+0081…); anything that still looks wrong then goes through
ftfy's ``fix_encoding`` and, if still bad, is reported.

Old articles carry spans typed with TCVN3 (ABC) fonts (``.VnTime``, ``.VnArial``…):
their bytes are Vietnamese letters in that font's layout, shown as Latin-1 letters
("Héi KhuyÕn häc"). :func:`tcvn3_to_unicode` maps them back. VNI fonts (``VNI-Times``)
spell a letter with two characters and are not converted: such spans are reported.
"""

from __future__ import annotations

import re
import unicodedata

from collections.abc import Iterable

import ftfy
import ftfy.bad_codecs  # noqa: F401 - registers "sloppy-windows-1252", MySQL's latin1
from ftfy.badness import is_bad

# TCVN 5712:1993 (VN3), the layout of the ".Vn…" fonts: Latin-1 code point -> letter.
_TCVN3_TABLE = {
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}

# Font names: ".VnTime", ".VnArial", ".VnTimeH" (H: the capitals font); VNI: "VNI-Times".
TCVN3_FONT = re.compile(r"\.vn[a-z]*", re.I)
TCVN3_CAPITALS_FONT = re.compile(r"\.vn[a-z]*h\b", re.I)
VNI_FONT = re.compile(r"\bvni[-_ ]?[a-z]+", re.I)


def undo_double_encoding(text: str) -> str | None:
    """The text before MySQL turned its UTF-8 bytes into latin1 characters, or None
    when ``text`` cannot have been made that way."""
    try:
        return text.encode("sloppy-windows-1252").decode("utf-8")
    except UnicodeError:
        return None


def is_double_encoded(texts: Iterable[str]) -> bool:
    """Whether most non-ASCII texts of a dump read right once the double encoding is
    undone (right Vietnamese text has letters latin1 lacks, so it cannot be undone)."""
    undone = kept = 0
    for text in texts:
        if text and not text.isascii():
            if undo_double_encoding(text) is None:
                kept += 1
            else:
                undone += 1
    return undone > kept


def repair(text: str, double_encoded: bool = False) -> tuple[str, bool]:
    """``(repaired text, still looks broken)``, in NFC."""
    if not text or text.isascii():
        return text, False
    fixed = undo_double_encoding(text) if double_encoded else None
    if fixed is None:
        # A field mangled some other way (or twice): ftfy reverses what it can prove.
        fixed = ftfy.fix_encoding(text)
    fixed = unicodedata.normalize("NFC", fixed)
    return fixed, ("\ufffd" in fixed) or is_bad(fixed)


def tcvn3_to_unicode(text: str, capitals: bool = False) -> tuple[str, bool]:
    """Text typed in a TCVN3 font, as Unicode; True when every non-ASCII character was
    one of the layout's letters (else some are left as they were)."""
    out = []
    complete = True
    for ch in text:
        letter = _TCVN3_TABLE.get(ord(ch))
        if letter is None:
            if not ch.isascii() and ch not in "\xa0":
                complete = False
            out.append(ch)
        else:
            out.append(letter)
    converted = "".join(out)
    return (converted.upper() if capitals else converted), complete
