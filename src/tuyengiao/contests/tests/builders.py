"""Contests, rounds, questions and entrants for tests, built through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from django.utils import timezone

from tuyengiao.contests.models import (
    Attempt,
    Contest,
    Entrant,
    Option,
    Question,
    QuestionReport,
    Round,
)
from tuyengiao.contests.services import (
    attempt_start,
    contest_save,
    entrant_register,
    round_save,
)
from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.models import Unit
from tuyengiao.orgs.tests.personas import City

PURPOSE = "Liên hệ trao giải và thống kê số người dự thi theo đơn vị."


class RecordingSender:
    """Stands in for an SMS gateway: keeps the messages it was asked to send."""

    sent: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, message: str) -> None:
        self.sent.append((phone, message))

    @classmethod
    def last_code(cls, phone: str) -> str:
        message = next(m for p, m in reversed(cls.sent) if p == phone)
        return message.split(": ", 1)[1][:6]


def make_contest(organiser: Unit, slug: str = "thi-thu", **fields: object) -> Contest:
    values: dict[str, object] = {
        "title": "Cuộc thi tìm hiểu thử",
        "slug": slug,
        "organiser": organiser,
        "is_published": True,
        "questions_per_attempt": 3,
        "time_limit_seconds": 600,
        "max_attempts": 3,
        "prizes": [{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 2}],
        "data_purpose": PURPOSE,
        "retention_until": timezone.localdate() + timedelta(days=365),
    }
    values.update(fields)
    return contest_save(actor=SYSTEM, **values)


def add_questions(contest: Contest, count: int, *, first: int = 1) -> list[Question]:
    """``count`` questions of four options; the first option is the right one, and every
    third question has two right options (A and C)."""
    questions = []
    for number in range(first, first + count):
        multiple = number % 3 == 0
        question = Question.objects.create(
            contest=contest,
            code=f"C{number:03d}",
            text=f"Câu hỏi số {number} về Nghị quyết?",
            kind=Question.Kind.MULTIPLE if multiple else Question.Kind.SINGLE,
        )
        Option.objects.bulk_create(
            Option(
                question=question,
                position=i,
                text=f"Phương án {'ABCD'[i]} của câu {number}",
                is_correct=i == 0 or (multiple and i == 2),
            )
            for i in range(4)
        )
        questions.append(question)
    return questions


def make_round(
    contest: Contest,
    number: int = 1,
    *,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> Round:
    now = timezone.now()
    return round_save(
        contest=contest,
        actor=SYSTEM,
        number=number,
        opens_at=opens_at or now - timedelta(days=1),
        closes_at=closes_at or now + timedelta(days=6),
    )


def make_entrant(
    contest: Contest,
    unit: Unit,
    phone: str = "0912345678",
    full_name: str = "Nguyễn Văn An",
    birth_year: int = 1990,
) -> Entrant:
    return entrant_register(
        contest=contest,
        phone=phone,
        full_name=full_name,
        birth_year=birth_year,
        unit=unit,
        allowed_units={unit.pk},
        consent=True,
    )


def right_answers(attempt: object) -> dict[int, list[int]]:
    """Every question of the attempt's paper answered right."""
    answers = {}
    for item in attempt.paper:  # type: ignore[attr-defined]
        correct = Option.objects.filter(question_id=item["q"], is_correct=True)
        answers[item["q"]] = list(correct.values_list("pk", flat=True))
    return answers


@dataclass(frozen=True)
class WardContest:
    contest: Contest
    round: Round
    attempt: Attempt
    report: QuestionReport


def ward_b_contest(city: City) -> WardContest:
    """A contest organised by ward B with a round, an entrant's attempt and a question report
    (for access tests); built once per test database."""
    contest = Contest.objects.filter(slug="thi-phuong-b").first()
    if contest is None:
        contest = make_contest(city.ward_b, slug="thi-phuong-b")
        add_questions(contest, 3)
        round_ = make_round(contest)
        entrant = make_entrant(contest, city.ward_b, "0977000111", "Đinh Văn Bảo")
        attempt_start(entrant=entrant, round_=round_)
        QuestionReport.objects.create(question=contest.questions.first(), message="Câu sai")
    round_ = contest.rounds.get()
    return WardContest(
        contest,
        round_,
        Attempt.objects.get(round=round_),
        QuestionReport.objects.get(question__contest=contest),
    )
