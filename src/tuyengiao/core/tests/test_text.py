"""Tests for tuyengiao.core.text: normalisation, folding, collation and slugs."""

import random
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuyengiao.core.text import (
    collation_key,
    fold,
    label_key,
    normalize,
    slugify_vi,
    vietnamese_sorted,
)

D_WITH_STROKE = "\u0110"  # Đ, the Vietnamese letter
ETH_UPPER = "\u00d0"  # Ð, the Icelandic look-alike produced by legacy converters
ETH_LOWER = "\u00f0"  # ð

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_RE = re.compile(r"^[0-9a-z]+$")

# Vietnamese letters in every tone plus marks, spaces and punctuation, so generated text hits
# the syllable logic far more often than arbitrary Unicode would.
VIETNAMESE_ALPHABET = (
    "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵ"
    "bcdđghklmnpqrstvxfjwz"
    "AÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬEÈẺẼÉẸÊỀỂỄẾỆIÌỈĨÍỊOÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢUÙỦŨÚỤƯỪỬỮỨỰYỲỶỸÝỴ"
    "BCDĐGHKLMNPQRSTVX"
    "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"
    "\u00d0\u00f0 \t\n-/.,()0123456789"
)
vietnamese_text = st.text(alphabet=VIETNAMESE_ALPHABET, max_size=40)
any_text = st.one_of(st.text(), vietnamese_text)


def nfd(text: str) -> str:
    """Return the fully decomposed form of ``text``."""
    return unicodedata.normalize("NFD", text)


# --- fold ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đống Đa", "dong da"),
        ("đ", "d"),
        (D_WITH_STROKE, "d"),
        (f"{ETH_UPPER}ảng", "dang"),
        (f"{ETH_LOWER}ảng", "dang"),
        ("HOÀ", "hoa"),
        ("hòa", "hoa"),
        ("hoà", "hoa"),
        ("Ủy ban", "uy ban"),
        ("uỷ ban", "uy ban"),
        ("khỏe", "khoe"),
        ("khoẻ", "khoe"),
        ("NGƯỜI", "nguoi"),
        ("Chỉ thị 30-CT/TW", "chi thi 30-ct/tw"),
        ("Kế hoạch 229-KH/QU", "ke hoach 229-kh/qu"),
        ("  Hà   Nội\t\n", "ha noi"),
        ("", ""),
        ("Crème brûlée", "creme brulee"),
        ("Nguyễn Thị Ánh Tuyết", "nguyen thi anh tuyet"),
    ],
)
def test_fold_examples(text: str, expected: str) -> None:
    """fold lower-cases, strips every diacritic, maps đ/Đ/Ð/ð to d and collapses whitespace."""
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [("hòa", "hoà"), ("ủy", "uỷ"), ("thúy", "thuý"), ("khỏe", "khoẻ"), ("HÒA", "HOÀ")],
)
def test_fold_ignores_tone_placement(old_style: str, new_style: str) -> None:
    """Both tone-placement styles fold to the same search text."""
    assert fold(old_style) == fold(new_style)


@pytest.mark.parametrize("text", ["Đống Đa", "Hòa Bình", "Nguyễn Thị Ánh", "người Ê Đê", "ỷ"])
def test_fold_nfd_input_equals_nfc_input(text: str) -> None:
    """Decomposed (NFD) input folds exactly like precomposed (NFC) input."""
    assert fold(nfd(text)) == fold(text)


@given(any_text)
def test_fold_output_has_no_marks_and_no_d_with_stroke(text: str) -> None:
    """fold never crashes; its output has no combining marks and no đ in any case."""
    folded = fold(text)
    assert not any(unicodedata.category(char).startswith("M") for char in folded)
    assert not any(unicodedata.combining(char) for char in folded)
    assert not {"đ", D_WITH_STROKE, ETH_UPPER, ETH_LOWER} & set(folded)


@given(any_text)
def test_fold_is_idempotent_and_ignores_normalize(text: str) -> None:
    """Folding twice changes nothing, and normalizing first does not change the fold."""
    assert fold(fold(text)) == fold(text)
    assert fold(normalize(text)) == fold(text)


# --- normalize -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # New-style placement becomes the traditional one used in official documents.
        ("hoà", "hòa"),
        ("uỷ", "ủy"),
        ("thuý", "thúy"),
        ("khoẻ", "khỏe"),
        ("Hoà Bình", "Hòa Bình"),
        ("HOÀ", "HÒA"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("Cộng hoà xã hội chủ nghĩa Việt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Thuỵ", "Thụy"),
        ("oà", "òa"),
        # Already traditional: unchanged.
        ("hòa", "hòa"),
        ("Hòa", "Hòa"),
        ("mùa", "mùa"),
        ("tài", "tài"),
        ("mía", "mía"),
        ("của", "của"),
        # "qu" and "gi" (before another vowel) are consonants.
        ("quý", "quý"),
        ("qúy", "quý"),
        ("quả", "quả"),
        ("qủa", "quả"),
        ("giá", "giá"),
        ("gíup", "giúp"),
        ("gì", "gì"),
        ("gìn", "gìn"),
        ("gìa", "già"),
        ("giữa", "giữa"),
        # Closed syllables: last vowel of the cluster, unless a shaped vowel takes it.
        ("thuyền", "thuyền"),
        ("hoàng", "hoàng"),
        ("hòang", "hoàng"),
        ("toán", "toán"),
        ("tóan", "toán"),
        ("Quỳnh", "Quỳnh"),
        ("huỳnh", "huỳnh"),
        ("nghiêng", "nghiêng"),
        ("quốc", "quốc"),
        # Three vowels: the middle one, or the shaped one.
        ("khuỷu", "khuỷu"),
        ("khủyu", "khuỷu"),
        ("ngoài", "ngoài"),
        ("ngòai", "ngoài"),
        ("xoáy", "xoáy"),
        ("người", "người"),
        ("ngừơi", "người"),
        ("rượu", "rượu"),
        ("cuối", "cuối"),
        ("khuấy", "khuấy"),
        ("mưa", "mưa"),
        ("cửa", "cửa"),
        ("thuở", "thuở"),
        ("Người dân tộc Ê Đê", "Người dân tộc Ê Đê"),
    ],
)
def test_normalize_tone_placement(text: str, expected: str) -> None:
    """normalize puts each syllable's tone in the traditional position, keeping letter case."""
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "229-KH/QU",
        "BTGDVTU",
        "Chỉ thị 30-CT/TW",
        "Nghị định 30/2020/NĐ-CP",
        "Pelé",
        "café",
        "José",
        "Müller",
        "naïve",
        "Ωμέγα",
    ],
)
def test_normalize_leaves_codes_and_foreign_words(text: str) -> None:
    """Codes and words that are not Vietnamese syllables are left exactly as written."""
    assert normalize(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{ETH_UPPER}ảng", "Đảng"),
        (f"{ETH_LOWER}ồng", "đồng"),
        ("  Hoà   Bình \n", "Hòa Bình"),
        ("Hà\u00a0Nội", "Hà Nội"),
        ("", ""),
        ("   ", ""),
        # Two tone marks on one syllable: not a syllable normalize can fix, left as is.
        ("hoàá", "hoàá"),
    ],
)
def test_normalize_characters_and_whitespace(text: str, expected: str) -> None:
    """normalize maps the eth look-alikes to đ and collapses whitespace."""
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("hoà", "hòa"), ("Hoà Bình", "Hòa Bình"), ("khuỷu", "khuỷu"), ("người", "người")],
)
def test_normalize_nfd_input(text: str, expected: str) -> None:
    """Decomposed input is composed and repositioned like precomposed input."""
    result = normalize(nfd(text))
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


@given(any_text)
def test_normalize_is_idempotent(text: str) -> None:
    """normalize(normalize(s)) == normalize(s) for any text, and the result is NFC."""
    once = normalize(text)
    assert normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)


@given(vietnamese_text)
def test_normalize_preserves_case(text: str) -> None:
    """Moving a tone keeps the case of every letter: normalizing commutes with changing case."""
    assert normalize(text.lower()) == normalize(text).lower()
    assert normalize(text.upper()) == normalize(text).upper()


# --- collation -------------------------------------------------------------------------------

NAMES_IN_ORDER = [
    "An Bình",
    "Anh",
    "Ánh",
    "Ăn",
    "Ân",
    "Bắc",
    # u < ư, so "Duy" (d-u-y) precedes "Dương" (d-ư-ơ-n-g); every Đ word follows every D word.
    "Duy",
    "Dương",
    "Đào",
    "Ê",
    "Hà Đông",
    "Hai Bà Trưng",
    "Hoàn Kiếm",
    "Ô",
    "Ơn",
    "Uyên",
    "Ư",
    "Yên",
    "Zô",
]


def test_names_sorted_in_vietnamese_order() -> None:
    """A shuffled list of names comes out in Vietnamese alphabetical order."""
    shuffled = NAMES_IN_ORDER[:]
    random.Random(2026).shuffle(shuffled)
    assert vietnamese_sorted(shuffled) == NAMES_IN_ORDER
    assert vietnamese_sorted(reversed(NAMES_IN_ORDER)) == NAMES_IN_ORDER


def test_code_point_order_is_wrong_for_these_names() -> None:
    """Sanity check of the fixture: Python's default order puts Đ after Z."""
    code_point_order = sorted(NAMES_IN_ORDER)
    assert code_point_order != NAMES_IN_ORDER
    assert code_point_order.index("Đào") > code_point_order.index("Zô")


@pytest.mark.parametrize(
    ("smaller", "larger"),
    [
        ("An", "An Bình"),  # a word break sorts before any letter
        ("An Bình", "Anh"),
        ("An", "Anh"),  # shorter prefix first
        ("a", "ă"),
        ("ă", "â"),
        ("â", "b"),
        ("d", "đ"),
        ("Dz", "Đa"),  # primary letters decide before anything else
        ("e", "ê"),
        ("ê", "f"),  # f slots in after ê
        ("i", "j"),
        ("o", "ô"),
        ("ô", "ơ"),
        ("ơ", "p"),
        ("u", "ư"),
        ("v", "w"),
        ("x", "y"),
        ("y", "z"),
        ("9", "a"),  # digits before letters
        ("", "0"),
        ("mà", "man"),  # primary decides before tones
        ("mạ", "man"),
        ("Ma", "mà"),  # tones (secondary) decide before case (tertiary)
        ("ma", "Ma"),  # lower case before upper case
        ("bàn", "bán"),
        ("Hà Nổi", "Hà Nội"),  # hỏi before nặng on the same letter
        ("ça", "cb"),  # foreign diacritics fall back to the base letter
        ("ñ", "o"),
        ("ü", "ư"),
        ("z", "ω"),  # letters outside the Latin alphabet come last
    ],
)
def test_collation_pairs(smaller: str, larger: str) -> None:
    """Each pair is strictly ordered by its collation keys."""
    assert collation_key(smaller) < collation_key(larger)


def test_tones_are_secondary_in_traditional_order() -> None:
    """Tones order ngang < huyền < hỏi < ngã < sắc < nặng when the letters tie."""
    ordered = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert vietnamese_sorted(reversed(ordered)) == ordered
    assert vietnamese_sorted([*ordered, "man"])[-1] == "man"


def test_tones_compared_left_to_right() -> None:
    """With equal letters, the first differing tone from the left decides."""
    assert collation_key("ma má") < collation_key("mà ma")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("hòa", "hoà"),
        ("Hòa Bình", "Hoà  Bình"),
        ("ủy ban", "uỷ ban"),
        ("Đảng", f"{ETH_UPPER}ảng"),
        ("Hòa", nfd("Hoà")),
        ("30-CT/TW", "30CT/TW"),  # punctuation is ignored
    ],
)
def test_equivalent_spellings_share_a_key(first: str, second: str) -> None:
    """Spellings that normalize alike (or differ only in punctuation) get identical keys."""
    assert collation_key(first) == collation_key(second)


@pytest.mark.parametrize("text", ["", "Hòa Bình", "Chỉ thị 30-CT/TW", "!!!", "Ωμέγα", "中文"])
def test_collation_key_alphabet(text: str) -> None:
    """Keys consist only of [0-9a-z] and are never empty."""
    assert KEY_RE.match(collation_key(text))


@given(any_text)
def test_collation_key_alphabet_property(text: str) -> None:
    """For any text the key never crashes and uses only [0-9a-z]."""
    assert KEY_RE.match(collation_key(text))
    assert collation_key(normalize(text)) == collation_key(text)


def test_binary_order_of_keys_matches_vietnamese_sorted() -> None:
    """Sorting the keys with C (binary / code point) collation gives vietnamese_sorted order."""
    by_key = {collation_key(name): name for name in NAMES_IN_ORDER}
    assert len(by_key) == len(NAMES_IN_ORDER)
    c_collation = [by_key[key] for key in sorted(by_key, key=lambda key: key.encode("ascii"))]
    python_order = [by_key[key] for key in sorted(by_key)]
    assert c_collation == python_order == vietnamese_sorted(NAMES_IN_ORDER)


@given(st.lists(vietnamese_text, max_size=12))
def test_sorting_keys_equals_vietnamese_sorted(texts: list[str]) -> None:
    """Sorting the plain keys gives the same order of keys as vietnamese_sorted."""
    expected = [collation_key(text) for text in vietnamese_sorted(texts)]
    assert sorted(collation_key(text) for text in texts) == expected


def test_vietnamese_sorted_with_key_and_stability() -> None:
    """key= extracts the text; items whose texts collate equal keep their input order."""
    people = [("b", "Đào"), ("a", "Dũng"), ("c", "hòa"), ("d", "hoà"), ("e", "An")]
    result = vietnamese_sorted(people, key=lambda person: person[1])
    assert [person[0] for person in result] == ["e", "a", "b", "c", "d"]


def test_vietnamese_sorted_accepts_any_iterable() -> None:
    """vietnamese_sorted consumes generators and returns a new list."""
    assert vietnamese_sorted(name for name in ["Đào", "Dũng"]) == ["Dũng", "Đào"]
    assert vietnamese_sorted([]) == []


# --- slugify_vi ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đống Đa", "dong-da"),
        ("Hoàn Kiếm", "hoan-kiem"),
        ("Chỉ thị 30-CT/TW", "chi-thi-30-ct-tw"),
        (f"{ETH_UPPER}ảng bộ", "dang-bo"),
        ("  Hà -- Nội!!  ", "ha-noi"),
        ("---Tin   tức___mới---", "tin-tuc-moi"),
        ("Nghị quyết số 35-NQ/TW (2018)", "nghi-quyet-so-35-nq-tw-2018"),
        ("", ""),
        ("   ", ""),
        ("!!!", ""),
        ("中文", ""),
    ],
)
def test_slugify_examples(text: str, expected: str) -> None:
    """slugify_vi folds, joins words with single dashes and strips dashes at the ends."""
    assert slugify_vi(text) == expected


@pytest.mark.parametrize(
    ("text", "max_length", "expected"),
    [
        ("Hoàn Kiếm", 100, "hoan-kiem"),
        ("Hoàn Kiếm", 9, "hoan-kiem"),  # exactly the limit
        ("Hoàn Kiếm", 8, "hoan"),  # would split "kiem": drop the word
        ("Hoàn Kiếm", 5, "hoan"),  # cut falls on the dash: no trailing dash
        ("Hoàn Kiếm", 4, "hoan"),
        ("Hoàn Kiếm", 3, "hoa"),  # one word longer than the limit is cut inside it
        ("Ban Tuyên giáo Tỉnh ủy", 14, "ban-tuyen-giao"),
        ("Ban Tuyên giáo Tỉnh ủy", 16, "ban-tuyen-giao"),
        ("Ban Tuyên giáo Tỉnh ủy", 1, "b"),
        ("", 5, ""),
    ],
)
def test_slugify_max_length(text: str, max_length: int, expected: str) -> None:
    """max_length cuts at a word boundary where possible and never leaves a trailing dash."""
    assert slugify_vi(text, max_length=max_length) == expected


@pytest.mark.parametrize("max_length", [0, -1])
def test_slugify_rejects_non_positive_max_length(max_length: int) -> None:
    """A max_length below 1 is a programming error."""
    with pytest.raises(ValueError, match="max_length"):
        slugify_vi("Hà Nội", max_length=max_length)


@given(any_text, st.one_of(st.none(), st.integers(min_value=1, max_value=30)))
def test_slugify_shape_property(text: str, max_length: int | None) -> None:
    """Any slug is empty or matches the slug pattern, and respects max_length."""
    slug = slugify_vi(text, max_length=max_length)
    assert slug == "" or SLUG_RE.match(slug)
    if max_length is not None:
        assert len(slug) <= max_length
        assert slugify_vi(text).startswith(slug)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Chỉ tiêu", "chi tieu"),
        ("CHI_TIEU", "chi tieu"),
        ("  chỉ-tiêu (mã) ", "chi tieu ma"),
        ("Hằng tháng", "hang thang"),
        (2026, "2026"),
        (0, "0"),
        (None, ""),
        ("", ""),
    ],
)
def test_label_key_matches_typed_labels(value: object, expected: str) -> None:
    """Labels typed in a spreadsheet match whatever their case, accents and punctuation; an
    empty cell (None) gives the empty key, a number its digits."""
    assert label_key(value) == expected
