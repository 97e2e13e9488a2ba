"""Vietnamese text utilities: normalisation, search folding, collation and slugs.

Everything here is pure Python (no Django) so it can be used from models, forms, management
commands and data migrations alike.

* :func:`normalize` gives one canonical spelling of a text: NFC, the legacy look-alike ``Ð``
  (U+00D0) replaced by ``Đ`` (U+0110), the tone mark of each syllable in the traditional
  position used by official documents (``hoà`` -> ``hòa``, ``uỷ`` -> ``ủy``) and whitespace
  collapsed.
* :func:`fold` removes case and every diacritic for accent-insensitive search
  (``"Đống Đa"`` -> ``"dong da"``).
* :func:`collation_key` and :func:`vietnamese_sorted` order texts by the Vietnamese alphabet
  (``a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y``) with tones as a secondary
  difference and case as a tertiary one.
* :func:`label_key` matches labels people type (column headers, choices in a spreadsheet)
  whatever their case, accents and punctuation.
* :func:`slugify_vi` builds URL slugs that keep ``đ`` as ``d`` (Django's ``slugify`` drops it).
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from itertools import groupby
from typing import TypeVar

T = TypeVar("T")

# Combining tone marks, listed in the order Vietnamese collation ranks them:
# huyền (grave), hỏi (hook above), ngã (tilde), sắc (acute), nặng (dot below).
# Ngang (no mark) ranks 0.
_TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323"
_TONE_RANK = {mark: rank for rank, mark in enumerate(_TONE_MARKS, start=1)}

_VOWELS = "aăâeêioôơuưy"
_SHAPED_VOWELS = frozenset("ăâêôơư")
_VIETNAMESE_LETTERS = frozenset(_VOWELS + "bcdđghklmnpqrstvx")

# Longer clusters first so the regex prefers "ngh" over "ng" and "gi" over "g"; backtracking
# still falls back to "g" for "gì" where "gi" would leave no vowel.
_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_FINALS = "ch|ng|nh|c|m|n|p|t"
_SYLLABLE_RE = re.compile(
    rf"(?P<initial>{_INITIALS})?(?P<vowels>[{_VOWELS}]{{1,3}})(?P<final>{_FINALS})?"
)

_WHITESPACE_RE = re.compile(r"\s+")
_NON_SLUG_RE = re.compile(r"[^a-z0-9]+")
_NON_WORD_RE = re.compile(r"[\W_]+")


def _is_mark(char: str) -> bool:
    """Tell whether ``char`` is a Unicode mark (combining accent, spacing or enclosing mark)."""
    return unicodedata.category(char).startswith("M")


def _prepare(text: str) -> str:
    """Apply the steps shared by normalize and fold: NFC and the legacy eth look-alikes."""
    text = unicodedata.normalize("NFC", text)
    # Legacy TCVN3/VNI converters emit the Icelandic eth, which looks like đ but is another letter.
    return text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")


def _collapse_whitespace(text: str) -> str:
    """Replace every run of whitespace by one space and strip both ends."""
    return _WHITESPACE_RE.sub(" ", text).strip()


def _letters(word: str) -> list[str]:
    """Split ``word`` into letters, each a base character followed by its combining marks."""
    letters: list[str] = []
    for char in word:
        if letters and _is_mark(char):
            letters[-1] += char
        else:
            letters.append(char)
    return letters


def _split_tone(letter: str) -> tuple[str, str] | None:
    """Split one Vietnamese letter into its toneless form and its tone mark ('' for ngang).

    Returns None when the letter is not part of the Vietnamese alphabet or carries more than
    one tone mark, so the caller can leave the word alone.
    """
    decomposed = unicodedata.normalize("NFD", letter)
    tones = [char for char in decomposed if char in _TONE_RANK]
    toneless = unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if char not in _TONE_RANK)
    )
    if len(tones) > 1 or len(toneless) != 1 or toneless.lower() not in _VIETNAMESE_LETTERS:
        return None
    return toneless, "".join(tones)


def _tone_index(match: re.Match[str]) -> int:
    """Return the index, within the syllable, of the vowel that carries the tone.

    Traditional placement, as in "Cộng hòa", "Ủy ban": a vowel with a shape diacritic wins
    (the last one, so ươ puts it on ơ); otherwise a closed syllable uses its last vowel, an open
    one its first vowel (two vowels) or middle vowel (three vowels).
    """
    vowels = match["vowels"]
    shaped = [index for index, vowel in enumerate(vowels) if vowel in _SHAPED_VOWELS]
    if shaped:
        offset = shaped[-1]
    elif match["final"]:
        offset = len(vowels) - 1
    elif len(vowels) == 3:
        offset = 1
    else:
        offset = 0
    return match.start("vowels") + offset


def _canonical_syllable(word: str) -> str:
    """Move the tone mark of a Vietnamese syllable to its traditional position.

    Words that do not look like one Vietnamese syllable with exactly one tone mark (codes such
    as "KH", foreign names, misspellings with two tones) are returned unchanged.
    """
    parts = []
    for letter in _letters(word):
        split = _split_tone(letter)
        if split is None:
            return word
        parts.append(split)
    tones = [tone for _, tone in parts if tone]
    if len(tones) != 1:
        return word
    # Lower-casing a Vietnamese letter yields exactly one character, so indexes line up.
    match = _SYLLABLE_RE.fullmatch("".join(toneless.lower() for toneless, _ in parts))
    if match is None:
        return word
    target = _tone_index(match)
    return "".join(
        unicodedata.normalize("NFC", toneless + tones[0]) if index == target else toneless
        for index, (toneless, _) in enumerate(parts)
    )


def normalize(text: str) -> str:
    """Return the canonical spelling of ``text``.

    Steps: NFC; ``Ð`` (U+00D0) -> ``Đ`` and ``ð`` -> ``đ``; runs of whitespace collapsed to one
    space and stripped; in every word that looks like a Vietnamese syllable, the tone mark moved
    to the traditional position (``hoà`` -> ``hòa``, ``thuý`` -> ``thúy``, ``khoẻ`` -> ``khỏe``).
    The case of each letter is kept (``HOÀ`` -> ``HÒA``). The function is idempotent.
    """
    text = _collapse_whitespace(_prepare(text))
    # Words are runs of letters and marks; digits and punctuation split them ("30-CT/TW").
    chunks = groupby(text, key=lambda char: char.isalpha() or _is_mark(char))
    return "".join(
        _canonical_syllable("".join(chars)) if is_word else "".join(chars)
        for is_word, chars in chunks
    )


def fold(text: str) -> str:
    """Return ``text`` without case or diacritics, for accent-insensitive search.

    Steps: NFC; ``Ð``/``ð`` -> ``Đ``/``đ``; lower-case; NFD; every Unicode mark dropped;
    ``đ`` -> ``d`` (it has no decomposition); whitespace collapsed and stripped; NFC again so
    scripts that NFD splits without marks (Hangul) come back composed.
    ``fold("Đống Đa") == "dong da"`` and ``fold("HOÀ") == fold("hòa") == "hoa"``.
    """
    decomposed = unicodedata.normalize("NFD", _prepare(text).lower())
    stripped = "".join(char for char in decomposed if not _is_mark(char)).replace("đ", "d")
    return unicodedata.normalize("NFC", _collapse_whitespace(stripped))


def label_key(value: object) -> str:
    """Return ``value`` as a key for matching a label someone typed against known ones.

    The text is folded (:func:`fold`), then every run of punctuation, symbols, underscores
    and spaces becomes one space, so ``"Chỉ tiêu"``, ``"CHI_TIEU"`` and ``" chỉ-tiêu "`` all
    give ``"chi tieu"``. Any value is taken (spreadsheet cells hold numbers and dates);
    None, an empty cell, gives ``""``.
    """
    text = "" if value is None else str(value)
    return _NON_WORD_RE.sub(" ", fold(text)).strip()


# --- Collation -------------------------------------------------------------------------------

_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
# Digits, then the Vietnamese alphabet with f, j, w, z slotted in Latin order.
_PRIMARY_ORDER = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_END_OF_PRIMARY = "00"
_WORD_BREAK = "01"
_OTHER_PREFIX = "zz"


def _base36(number: int, width: int) -> str:
    """Write ``number`` in base 36 with digits [0-9a-z], left-padded with '0' to ``width``."""
    digits = ""
    while number:
        number, remainder = divmod(number, 36)
        digits = _BASE36[remainder] + digits
    return digits.rjust(width, "0")


# Codes 00 and 01 are reserved for the end of the primary level and word breaks.
_PRIMARY_CODE = {symbol: _base36(index + 2, 2) for index, symbol in enumerate(_PRIMARY_ORDER)}


def _collation_element(char: str) -> tuple[str, int, int] | None:
    """Return (primary code, tone rank, case rank) of one character, or None if ignorable.

    Characters that are neither letters nor digits (punctuation, symbols, stray marks) are
    ignorable. Latin letters with foreign diacritics fall back to their base letter; any other
    letter or digit gets a code after ``z``, ordered by code point.
    """
    if not char.isalnum():
        return None
    decomposed = unicodedata.normalize("NFD", char.lower())
    tone = next((_TONE_RANK[part] for part in decomposed if part in _TONE_RANK), 0)
    toneless = unicodedata.normalize(
        "NFC", "".join(part for part in decomposed if part not in _TONE_RANK)
    )
    base = "".join(part for part in decomposed if not _is_mark(part)) or char
    case = 1 if char.isupper() else 0
    if toneless in _PRIMARY_CODE:
        return _PRIMARY_CODE[toneless], tone, case
    if base in _PRIMARY_CODE:
        return _PRIMARY_CODE[base], tone, case
    # Four base-36 digits cover every code point (36**4 > 0x10FFFF).
    return _OTHER_PREFIX + _base36(ord(base[0]), 4), 0, case


def collation_key(text: str) -> str:
    """Return a key whose plain binary order is the Vietnamese order of ``text``.

    The key contains only ``[0-9a-z]``, so it sorts the same under any database collation
    (including ones that ignore punctuation) and with Python's default ``str`` ordering.
    ``text`` is normalized first, so ``hoà`` and ``hòa`` get the same key.

    Layout: ``PRIMARY + "00" + SECONDARY + TERTIARY``.

    * PRIMARY: one code per letter or digit, case and tone ignored: two base-36 characters
      (``"02"``..``"0b"`` for the digits 0-9, then ``a ă â b c d đ e ê f g h i j k l m n o ô ơ p
      q r s t u ư v w x y z`` in that order), or, for letters outside the Latin alphabet,
      ``"zz"`` plus the code point in four base-36 characters. ``"01"`` marks a word break, so
      "An" < "An Bình" < "Anh"; the terminator ``"00"`` sorts shorter prefixes first.
      Punctuation is ignored.
    * SECONDARY: one character per letter or digit: its tone, ``0`` ngang, ``1`` huyền,
      ``2`` hỏi, ``3`` ngã, ``4`` sắc, ``5`` nặng.
    * TERTIARY: one character per letter or digit: ``0`` lower case (or uncased), ``1`` upper.

    Equal primaries have the same number of letters, so the secondary and tertiary parts line
    up and are compared left to right only when everything before them ties.
    """
    primary: list[str] = []
    secondary: list[str] = []
    tertiary: list[str] = []
    for word in normalize(text).split(" "):
        elements = [element for element in map(_collation_element, word) if element]
        if not elements:
            continue
        if primary:
            primary.append(_WORD_BREAK)
        for code, tone, case in elements:
            primary.append(code)
            secondary.append(str(tone))
            tertiary.append(str(case))
    return "".join(primary) + _END_OF_PRIMARY + "".join(secondary) + "".join(tertiary)


def vietnamese_sorted(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """Return ``items`` as a new list in Vietnamese order.

    ``key`` extracts the text to compare from each item; without it the items themselves must be
    strings. The sort is stable, so items whose texts collate equal keep their input order.
    """
    if key is None:
        return sorted(items, key=collation_key)  # type: ignore[arg-type]
    return sorted(items, key=lambda item: collation_key(key(item)))


def slugify_vi(text: str, max_length: int | None = None) -> str:
    """Return a URL slug of ``text`` matching ``^[a-z0-9]+(?:-[a-z0-9]+)*$``, or ``""``.

    The text is folded first so ``đ`` survives as ``d`` (``"Đống Đa"`` -> ``"dong-da"``); every
    run of other characters becomes a single dash and dashes at the ends are stripped.
    With ``max_length`` the slug is shortened to at most that many characters, dropping whole
    words when the cut would split one; a single word longer than the limit is cut inside it.
    """
    if max_length is not None and max_length < 1:
        raise ValueError(f"max_length must be a positive integer, got {max_length!r}")
    slug = _NON_SLUG_RE.sub("-", fold(text)).strip("-")
    if max_length is None or len(slug) <= max_length:
        return slug
    cut = slug[:max_length]
    if slug[max_length] != "-" and "-" in cut:
        cut = cut.rsplit("-", 1)[0]
    return cut.rstrip("-")
