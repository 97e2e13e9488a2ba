"""Read articles exported as plain text from district portals and the press.

An export mixes the article with the page around it: menus, the visit counter ("Đang online:
1134"), "content:" markers, the view count, image captions, lists of other articles with their
dates. :func:`parse_export` finds the title, date, section (where the page shows it), author
or source and the paragraphs of the body, and leaves the rest out.

How each part is found:

* the date: a date line under the title ("Ngày đăng 30/07/2020 | 16:47", "29/09/2023 10:05
  SA"); else the date in the opening paragraph ("Sáng ngày 29/9/2022", or "Sáng 6/10" with the
  year the paragraph names); else the first date of the list of latest articles at the foot,
  where a portal lists the article itself first (never a date under a heading of other
  articles, see the body);
* the title: the line just above the date line; else the first line that is not page chrome;
  a trailing "In trang" (print link) is dropped;
* the section: a heading the page shows twice in one line ("VĂN HOÁ - XÃ HỘI VĂN HOÁ - XÃ
  HỘI"), as district portals render their section banners;
* the body: from below the title (or date line) to the first line of chrome after it, or
  to the heading of the block of other articles a page shows under it ("Tin khác", "Tin
  liên quan", "Tin cùng chuyên mục", "Bài viết liên quan"…, in capitals or not, with or
  without accents): what follows that heading is other articles, so neither their links
  (for the source) nor their dates are read; a line repeating the title marks a picture,
  and it and its caption are left out, as are lines repeated twice in a row and short notes
  in brackets ("(Ảnh minh họa)");
* the author: the closing line of the body when it reads as a byline: a name or an office
  ("Tuấn Dũng", "Ban Tuyên giáo QU", "Phòng Văn hóa và Thông tin"), or a source ("Theo Báo
  Hànộimới", "(Nguồn: TTXVN)"); short, without a closing full stop, and, unless it cites a
  source, with at least half of its words capitalised, as names are. Bold markers
  ("**Hữu Thống**") and a "Tác giả:" label are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time

from django.utils.translation import gettext as _

from tuyengiao.core.text import fold, normalize

_DATE = r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
_POSTED_RE = re.compile(rf"^(?:ngay dang\s+)?{_DATE}\s*(?:\|\s*)?(\d{{1,2}}):(\d{{2}})\b")
_LISTED_RE = re.compile(rf"^{_DATE}\s*-\s*\d+\s*luot xem$")
_LEAD_DATE_RE = re.compile(
    r"\b(?:sang|chieu|toi|trua|dem)?\s*(?:ngay\s+)?(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?"
)
_YEAR_RE = re.compile(r"\bnam\s+(\d{4})\b")
_URL_RE = re.compile(r"^https?://\S+$")
# Lines of page chrome, folded: they never belong to an article.
_CHROME_RE = re.compile(
    r"^(?:content:|\|+|truy cap noi dung luon|tong quan|tin tuc - su kien|thong ke truy cap.*"
    r"|dang (?:online|truc tuyen):?\s*[\d.]*|(?:so )?luot truy cap.*|tong so truy cap.*"
    r"|trong (?:tuan|thang|nam):?\s*[\d.]*|luot xem:?\s*[\d.]*|lien ket website"
    r"|thu vien hinh anh|[•·]?\s*\d{6,}|[•·].*)$"
)
# Where the article ends: chrome that follows the body.
_END_RE = re.compile(r"^(?:content:|luot xem|thong ke truy cap|lien ket website|thu vien hinh anh)")
# Headings of the block of other articles under the article, folded and without punctuation
# (see _heading_key): "Tin khác", "Các tin liên quan", "Bài viết cùng chuyên mục", "Xem thêm".
_RELATED_RE = re.compile(
    r"^(?:(?:cac|nhung) )?(?:tin|bai|tin bai|bai viet|tin tuc)"
    r" (?:khac|lien quan|cung chuyen muc|cung loai|da dua|moi hon|cu hon|moi nhat"
    r"|(?:doc|xem) nhieu(?: nhat)?)(?: khac)?$"
    r"|^(?:xem|doc) them$|^co the ban quan tam$"
)
_PRINT_SUFFIX_RE = re.compile(r"\s+in trang$", re.IGNORECASE)
# A byline: markup around it, a label before it, a source it cites.
_MARKUP_RE = re.compile(r"</?(?:b|strong|em|i|p)\s*>", re.IGNORECASE)
_BYLINE_LABEL_RE = re.compile(r"^(?:tác giả|người viết)\s*:\s*", re.IGNORECASE)
_CITATION_RE = re.compile(r"^\(?(?:theo|nguon)\b")
_SENTENCE_END = (".", ":", ";", "…", "!", "?", ",")
_AUTHOR_MAX_WORDS = 8
_CITATION_MAX_WORDS = 14


class ImportProblem(ValueError):
    """An export that cannot be read; the message says why, in the user's language."""


@dataclass
class ParsedArticle:
    title: str
    day: date
    at: time | None
    section: str | None
    author: str
    source: str
    paragraphs: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def _clean(line: str) -> str:
    return normalize(line.replace("\u00a0", " "))


def _is_chrome(line: str) -> bool:
    return bool(_CHROME_RE.match(fold(line))) or _doubled(line) is not None


def _doubled(line: str) -> str | None:
    """``"X X"`` → ``"X"``: a heading a page prints twice on one line."""
    words = line.split(" ")
    half = len(words) // 2
    if len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return None


def _heading_key(line: str) -> str:
    """``"» TIN LIÊN QUAN:"`` → ``"tin lien quan"``: a heading without case, accents or marks."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(line)).split())


def _is_related_heading(line: str) -> bool:
    return len(line) <= 60 and bool(_RELATED_RE.match(_heading_key(line)))


def _is_note(line: str) -> bool:
    """A short remark in brackets ("(Ảnh minh họa)"), unless it cites a source ("(Theo TTXVN)")."""
    return (
        line.startswith("(")
        and line.endswith(")")
        and len(line.split()) <= 6
        and not _CITATION_RE.match(fold(line))
    )


def _byline(line: str) -> str | None:
    """The author or source a closing line names, or None when it is a line of the article."""
    text = _MARKUP_RE.sub("", line).strip(" *_")
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    text = _BYLINE_LABEL_RE.sub("", text)
    words = text.split()
    if not words or text.endswith(_SENTENCE_END) or not text[0].isalpha():
        return None
    if _CITATION_RE.match(fold(text)):
        return text if len(words) <= _CITATION_MAX_WORDS else None
    named = [word for word in words if word[0].isalpha()]
    capitalised = sum(word[0].isupper() for word in named)
    if len(words) > _AUTHOR_MAX_WORDS or capitalised * 2 < len(named):
        return None
    return text


def _real_date(day: str, month: str, year: str | int) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _lead_date(paragraph: str, context: str) -> date | None:
    folded = fold(paragraph)
    match = _LEAD_DATE_RE.search(folded)
    if not match:
        return None
    year = match.group(3)
    if year is None:
        named = _YEAR_RE.search(folded) or _YEAR_RE.search(fold(context))
        if named is None:
            return None
        year = named.group(1)
    return _real_date(match.group(1), match.group(2), year)


def _header(lines: list[str]) -> tuple[int, str, date | None, time | None, str | None]:
    """(index where the body starts, title, date, time, section) from the top of the page."""
    for index, line in enumerate(lines[:40]):
        match = _POSTED_RE.match(fold(line))
        if not match:
            continue
        title_index = next(
            (i for i in range(index - 1, -1, -1) if lines[i] and not _is_chrome(lines[i])), None
        )
        if title_index is None:
            break
        section = next(
            (
                _doubled(lines[i])
                for i in range(title_index - 1, -1, -1)
                if _doubled(lines[i]) and not _CHROME_RE.match(fold(_doubled(lines[i]) or ""))
            ),
            None,
        )
        day = _real_date(*match.group(1, 2, 3))
        hour, minute = int(match.group(4)), int(match.group(5))
        if fold(line).endswith(" ch") and hour < 12:  # chiều: afternoon
            hour += 12
        at = time(hour, minute) if hour < 24 and minute < 60 else None
        return index + 1, lines[title_index], day, at, section
    title_index = next((i for i, line in enumerate(lines) if line and not _is_chrome(line)), None)
    if title_index is None:
        raise ImportProblem(_("no title found"))
    return title_index + 1, lines[title_index], None, None, None


def parse_export(text: str) -> ParsedArticle:
    """The article in one plain-text export (see the module docstring)."""
    lines = [_clean(line) for line in text.splitlines()]
    start, title, day, at, section = _header(lines)
    title = _PRINT_SUFFIX_RE.sub("", title).strip()

    body: list[str] = []
    end = len(lines)
    for index in range(start, len(lines)):
        line = lines[index]
        folded = fold(line)
        if body and (
            _END_RE.match(folded)
            or _LISTED_RE.match(folded)
            or _URL_RE.match(line)
            or _is_related_heading(line)
        ):
            end = index
            break
        if line and not _is_chrome(line):
            body.append(line)
    related = next((i for i in range(end, len(lines)) if _is_related_heading(lines[i])), len(lines))
    # Below the article and above the other articles: its source, the list of latest articles.
    foot = lines[end:related]
    source = next((line for line in foot if _URL_RE.match(line)), "")

    paragraphs: list[str] = []
    skip_caption = False
    for line in body:
        if line == title:
            skip_caption = True  # a picture: its alt text repeats the title, its caption follows
            continue
        if skip_caption:
            skip_caption = False
            continue
        if paragraphs and line == paragraphs[-1]:
            paragraphs.pop()  # a caption printed twice: picture and caption
            continue
        if _is_note(line):
            continue
        paragraphs.append(line)

    author = ""
    if len(paragraphs) > 1:
        byline = _byline(paragraphs[-1])
        if byline is not None:
            author = byline
            paragraphs.pop()
    if not paragraphs:
        raise ImportProblem(_("no article text found"))

    if day is None:
        day = _lead_date(paragraphs[0], title)
    if day is None:
        listed = (_LISTED_RE.match(fold(line)) for line in foot)
        first = next((match for match in listed if match), None)
        day = _real_date(*first.group(1, 2, 3)) if first else None
    if day is None:
        raise ImportProblem(_("no publication date found"))
    return ParsedArticle(title, day, at, section, author, source, paragraphs)
