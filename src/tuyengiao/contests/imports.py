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
from django.utils.translation import gettext as _

from tuyengiao.contests import live
from tuyengiao.contests.models import Contest, Option, Question
from tuyengiao.contests.services import require_organiser
from tuyengiao.core.actors import Actor
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
        raise ValidationError(_("The file is larger than 10 MB."))
    rows = (values for _number, values in xlsx_rows(content, max_columns=len(HEADERS) + 10))
    header = [fold(_cell(v)) for v in next(rows, ())]
    wanted = {fold(label): name for label, name in zip(HEADERS, FIELDS, strict=True)}
    columns = {index: wanted[label] for index, label in enumerate(header) if label in wanted}
    missing = [h for h, f in zip(HEADERS, FIELDS, strict=True) if f in ("code", "text", "answer")]
    missing = [h for h in missing if fold(h) not in header]
    if missing:
        raise ValidationError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    found = []
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(count)s questions.") % {"count": MAX_ROWS}
            )
        data = {columns[i]: _cell(v) for i, v in enumerate(values) if i in columns}
        if any(data.values()):
            found.append((number, data))
    return found


def _parse_row(
    number: int, data: dict[str, str], rounds: set[int]
) -> tuple[QuestionRow, list[str]]:
    errors: list[str] = []

    def bad(column: str, message: str) -> None:
        errors.append(
            _("Row %(row)s, column “%(column)s”: %(problem)s")
            % {"row": number, "column": column, "problem": message}
        )

    options = [data.get(f"option_{x}", "") for x in LETTERS.lower()]
    while options and not options[-1]:
        options.pop()
    if not data.get("code"):
        bad("Mã câu", _("the question has no code."))
    if not data.get("text"):
        bad("Câu hỏi", _("the question has no text."))
    if len(options) < 2 or not all(options):
        bad(
            "Phương án A",
            _("at least two options in a row (A, B…) are needed, with no gap between them."),
        )
    letters = [x.strip().upper() for x in data.get("answer", "").replace(";", ",").split(",")]
    letters = [x for x in letters if x]
    correct = sorted({LETTERS.index(x) for x in letters if x in LETTERS[: len(options)]})
    if not letters or len(correct) != len(set(letters)):
        bad(
            "Đáp án đúng",
            _("“%(answer)s” does not match the options given.")
            % {"answer": data.get("answer", "")},
        )
    difficulty = "medium"
    if data.get("difficulty"):
        difficulty = DIFFICULTIES.get(fold(data["difficulty"]), "")
        if not difficulty:
            bad(
                "Mức độ",
                _("“%(value)s” is not dễ, trung bình or khó.") % {"value": data["difficulty"]},
            )
    round_numbers: list[int] = []
    for part in data.get("rounds", "").replace(";", ",").split(","):
        if not part.strip():
            continue
        if not part.strip().isdigit() or int(part) not in rounds:
            bad(
                "Tuần thi",
                _("“%(value)s” is not the number of a round already created.")
                % {"value": part.strip()},
            )
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
    parsed: list[QuestionRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}  # code → the row it first appears on
    for number, data in _read_rows(content):
        row, row_errors = _parse_row(number, data, rounds)
        if row.code in seen:
            row_errors.append(
                _("Row %(row)s, column “%(column)s”: %(problem)s")
                % {
                    "row": number,
                    "column": "Mã câu",
                    "problem": _("code %(code)s repeats row %(first)s.")
                    % {"code": row.code, "first": seen[row.code]},
                }
            )
        seen.setdefault(row.code, number)
        parsed.append(row)
        errors += row_errors
    if not parsed and not errors:
        errors.append(_("The file has no questions."))
    if errors:
        raise ValidationError(errors)
    return parsed


@transaction.atomic
def questions_import(*, contest: Contest, rows: list[QuestionRow], actor: Actor) -> int:
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
        question, _created = Question.objects.update_or_create(
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
