"""The question bank import: an .xlsx sheet of questions, all or nothing.

:func:`parse_questions` reads and checks every row and reports each problem with its row and
column; :func:`questions_import` writes them (a code already in the bank is updated). A file
with any bad row changes nothing.

Columns (first row, names as in ``HEADERS``; case and accents do not matter): code, question,
options A–F (at least two), the correct letters (``B`` or ``A, C``), topic, difficulty
(dễ / trung bình / khó), source document (its number and symbol, e.g. ``15-NQ/TW``) and the
rounds whose pool the question joins (``1, 2``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from tuyengiao.contests import live
from tuyengiao.contests.models import Contest, Option, Question
from tuyengiao.contests.services import User, require_organiser
from tuyengiao.core.audit import audit
from tuyengiao.core.tabular import xlsx_rows
from tuyengiao.core.text import fold, normalize
from tuyengiao.documents.models import Document
from tuyengiao.documents.numbering import loose_symbol_query

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
LETTERS = "ABCDEF"
HEADERS = (
    "Mã câu",
    "Câu hỏi",
    *(f"Phương án {letter}" for letter in LETTERS),
    "Đáp án đúng",
    "Chủ đề",
    "Mức độ",
    "Văn bản nguồn",
    "Tuần thi",
)
FIELDS = ("code", "text", *(f"option_{x}" for x in LETTERS.lower()), "answer", "topic")
FIELDS += ("difficulty", "source", "rounds")
DIFFICULTIES = {"de": "easy", "trung binh": "medium", "kho": "hard"}


@dataclass
class QuestionRow:
    row: int
    code: str
    text: str
    options: list[str]
    correct: list[int]
    topic: str = ""
    difficulty: str = "medium"
    source: str = ""
    rounds: list[int] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return Question.Kind.MULTIPLE if len(self.correct) > 1 else Question.Kind.SINGLE


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize(" ".join(str(value).split()))


def _read_rows(content: bytes) -> list[tuple[int, dict[str, str]]]:
    if len(content) > MAX_BYTES:
        raise ValidationError("Tệp lớn hơn 10 MB.")
    rows = (values for _number, values in xlsx_rows(content, max_columns=len(HEADERS) + 10))
    header = [fold(_cell(v)) for v in next(rows, ())]
    wanted = {fold(label): name for label, name in zip(HEADERS, FIELDS, strict=True)}
    columns = {index: wanted[label] for index, label in enumerate(header) if label in wanted}
    missing = [h for h, f in zip(HEADERS, FIELDS, strict=True) if f in ("code", "text", "answer")]
    missing = [h for h in missing if fold(h) not in header]
    if missing:
        raise ValidationError(f"Thiếu cột: {', '.join(missing)}.")
    found = []
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise ValidationError(f"Tệp có quá {MAX_ROWS} câu hỏi.")
        data = {columns[i]: _cell(v) for i, v in enumerate(values) if i in columns}
        if any(data.values()):
            found.append((number, data))
    return found


def _parse_row(
    number: int, data: dict[str, str], rounds: set[int]
) -> tuple[QuestionRow, list[str]]:
    errors: list[str] = []

    def bad(column: str, message: str) -> None:
        errors.append(f"Dòng {number}, cột “{column}”: {message}")

    options = [data.get(f"option_{x}", "") for x in LETTERS.lower()]
    while options and not options[-1]:
        options.pop()
    if not data.get("code"):
        bad("Mã câu", "chưa có mã câu hỏi.")
    if not data.get("text"):
        bad("Câu hỏi", "chưa có nội dung câu hỏi.")
    if len(options) < 2 or not all(options):
        bad("Phương án A", "cần ít nhất hai phương án liền nhau (A, B…), không bỏ trống giữa.")
    letters = [x.strip().upper() for x in data.get("answer", "").replace(";", ",").split(",")]
    letters = [x for x in letters if x]
    correct = sorted({LETTERS.index(x) for x in letters if x in LETTERS[: len(options)]})
    if not letters or len(correct) != len(set(letters)):
        bad("Đáp án đúng", f"“{data.get('answer', '')}” không khớp các phương án đã có.")
    difficulty = "medium"
    if data.get("difficulty"):
        difficulty = DIFFICULTIES.get(fold(data["difficulty"]), "")
        if not difficulty:
            bad("Mức độ", f"“{data['difficulty']}” không phải dễ, trung bình hoặc khó.")
    round_numbers: list[int] = []
    for part in data.get("rounds", "").replace(";", ",").split(","):
        if not part.strip():
            continue
        if not part.strip().isdigit() or int(part) not in rounds:
            bad("Tuần thi", f"“{part.strip()}” không phải số của một tuần thi đã tạo.")
        else:
            round_numbers.append(int(part))
    row = QuestionRow(
        row=number,
        code=data.get("code", "")[:32],
        text=data.get("text", ""),
        options=options,
        correct=correct,
        topic=data.get("topic", "")[:200],
        difficulty=difficulty,
        source=data.get("source", "")[:255],
        rounds=round_numbers,
    )
    return row, errors


def parse_questions(contest: Contest, content: bytes) -> list[QuestionRow]:
    """Every question of the file, checked; a ValidationError lists every bad row."""
    rounds = set(contest.rounds.values_list("number", flat=True))
    parsed, errors, seen = [], [], {}
    for number, data in _read_rows(content):
        row, row_errors = _parse_row(number, data, rounds)
        if row.code in seen:
            row_errors.append(
                f"Dòng {number}, cột “Mã câu”: mã {row.code} trùng với dòng {seen[row.code]}."
            )
        seen.setdefault(row.code, number)
        parsed.append(row)
        errors += row_errors
    if not parsed and not errors:
        errors.append("Tệp không có câu hỏi nào.")
    if errors:
        raise ValidationError(errors)
    return parsed


@transaction.atomic
def questions_import(*, contest: Contest, rows: list[QuestionRow], actor: User) -> int:
    """Write the parsed questions: new codes are added, known codes replaced. Returns the
    number of questions written."""
    require_organiser(actor, contest.organiser)
    wanted = {row.source: loose_symbol_query(row.source) for row in rows if row.source}
    documents = {
        d.symbol_loose: d
        for d in Document.objects.filter(
            visibility=Document.Visibility.PUBLIC, symbol_loose__in=set(wanted.values()) - {None}
        ).order_by("issue_date")
    }
    rounds = {r.number: r for r in contest.rounds.all()}
    for row in rows:
        question, _ = Question.objects.update_or_create(
            contest=contest,
            code=row.code,
            defaults={
                "text": row.text,
                "kind": row.kind,
                "topic": row.topic,
                "difficulty": row.difficulty,
                "source_document": documents.get(wanted.get(row.source) or ""),
                "source_note": row.source,
                "is_active": True,
            },
        )
        question.options.all().delete()
        Option.objects.bulk_create(
            Option(question=question, position=i, text=text, is_correct=i in row.correct)
            for i, text in enumerate(row.options)
        )
        for number in row.rounds:
            rounds[number].questions.add(question)
    live.forget_pools([r.pk for r in rounds.values()])
    audit(
        instance=contest,
        action="tuyengiao.contests.import",
        actor=actor,
        data={"questions": len(rows)},
    )
    return len(rows)
