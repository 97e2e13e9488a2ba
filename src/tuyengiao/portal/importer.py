"""Read articles exported as plain text from district portals and the press.

An export mixes the article with the page around it: menus, the visit counter ("Đang online:
1134"), "content:" markers, the view count, image captions, lists of other articles with their
dates. :func:`parse_export` finds the title, date, section (where the page shows it), author
or source and the paragraphs of the body, and leaves the rest out.

How each part is found:

* the date: a date line under the title ("Ngày đăng 30/07/2020 | 16:47", "29/09/2023 10:05
  SA"); else the date in the opening paragraph ("Sáng ngày 29/9/2022", or "Sáng 6/10" with the
  year the paragraph names); else the first date of the list of latest articles at the foot,
  where a portal lists the article itself first;
* the title: the line just above the date line; else the first line that is not page chrome;
  a trailing "In trang" (print link) is dropped;
* the section: a heading the page shows twice in one line ("VĂN HOÁ - XÃ HỘI VĂN HOÁ - XÃ
  HỘI"), as district portals render their section banners;
* the body: from below the title (or date line) to the first line of chrome after it; its
  last line, when short and without a full stop, is the author or source; a line repeating
  the title marks a picture, and it and its caption are left out, as are lines repeated
  twice in a row and short notes in brackets ("(Ảnh minh họa)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time

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
_PRINT_SUFFIX_RE = re.compile(r"\s+in trang$", re.IGNORECASE)
_AUTHOR_MAX_WORDS = 8


class ImportProblem(ValueError):
    """An export that cannot be read; the message says why, in Vietnamese."""


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
        raise ImportProblem("không tìm thấy tiêu đề")
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
        if body and (_END_RE.match(folded) or _LISTED_RE.match(folded) or _URL_RE.match(line)):
            end = index
            break
        if line and not _is_chrome(line):
            body.append(line)
    source = next((line for line in lines[end:] if _URL_RE.match(line)), "")

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
        if line.startswith("(") and line.endswith(")") and len(line.split()) <= 6:
            continue
        paragraphs.append(line)

    author = ""
    if paragraphs:
        last = paragraphs[-1]
        if len(last.split()) <= _AUTHOR_MAX_WORDS and not last.endswith((".", ":", ";", "…")):
            author = paragraphs.pop()
    if not paragraphs:
        raise ImportProblem("không tìm thấy nội dung bài viết")

    if day is None:
        day = _lead_date(paragraphs[0], title)
    if day is None:
        listed = (_LISTED_RE.match(fold(line)) for line in lines[end:])
        first = next((match for match in listed if match), None)
        day = _real_date(*first.group(1, 2, 3)) if first else None
    if day is None:
        raise ImportProblem("không tìm thấy ngày đăng")
    return ParsedArticle(title, day, at, section, author, source, paragraphs)
