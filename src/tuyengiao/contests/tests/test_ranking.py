"""Ranking and tie-break rules, table-driven: each case lists attempts and the expected order.

Attempts are written as rows (the ranking reads only rows), each ``(correct, prediction,
seconds taken, seconds after the round opened when submitted)``; the real figure of the
prediction question is the number of entrants with a counted attempt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone

from tuyengiao.contests.models import Attempt, PredictionTarget, RankingRule, Standing
from tuyengiao.contests.services import round_compute_results
from tuyengiao.contests.tests.builders import make_contest, make_entrant, make_round
from tuyengiao.core.actors import SYSTEM

S, LATE, EXPIRED = Attempt.Status.SUBMITTED, Attempt.Status.LATE, Attempt.Status.EXPIRED


@dataclass
class Case:
    name: str
    attempts: dict[str, list[tuple]]  # entrant -> [(correct, prediction, seconds, at[, status])]
    expected: list[str]
    rule: str = RankingRule.PREDICTION_TIME
    excluded: set[str] = field(default_factory=set)


CASES = [
    Case(
        "more correct wins",
        {"Trần An": [(2, 2, 10, 10)], "Lê Bình": [(3, 50, 90, 90)]},
        ["Lê Bình", "Trần An"],
    ),
    Case(
        "tie on correct: closer prediction wins",
        {"Trần An": [(3, 12, 10, 10)], "Lê Bình": [(3, 3, 90, 90)]},
        ["Lê Bình", "Trần An"],
    ),
    Case(
        "tie on correct and prediction distance (one above, one below): shorter time wins",
        {"Trần An": [(3, 3, 50, 10)], "Lê Bình": [(3, 1, 40, 90)]},
        ["Lê Bình", "Trần An"],
    ),
    Case(
        "tie on correct, prediction and time: earlier submission wins",
        {"Trần An": [(3, 2, 40, 90)], "Lê Bình": [(3, 2, 40, 30)]},
        ["Lê Bình", "Trần An"],
    ),
    Case(
        "tie on every key: the attempt recorded first wins",
        {"Trần An": [(3, 2, 40, 30)], "Lê Bình": [(3, 2, 40, 30)]},
        ["Trần An", "Lê Bình"],
    ),
    Case(
        "no prediction ranks after any prediction",
        {"Trần An": [(3, None, 5, 5)], "Lê Bình": [(3, 900, 60, 60)]},
        ["Lê Bình", "Trần An"],
    ),
    Case(
        "the best attempt counts, not the last",
        {"Trần An": [(3, 2, 100, 10), (1, 2, 5, 200)], "Lê Bình": [(2, 2, 5, 20)]},
        ["Trần An", "Lê Bình"],
    ),
    Case(
        "late and unsent attempts do not count",
        {"Trần An": [(3, 2, 5, 5, LATE), (0, None, 600, 700, EXPIRED)], "Lê Bình": [(1, 2, 5, 5)]},
        ["Lê Bình"],
    ),
    Case(
        "excluded entrants are not ranked",
        {"Trần An": [(3, 2, 5, 5)], "Lê Bình": [(1, 2, 5, 5)]},
        ["Lê Bình"],
        excluded={"Trần An"},
    ),
    Case(
        "rule 'most correct, earliest': prediction and time are ignored",
        {"Trần An": [(3, 2, 5, 50)], "Lê Bình": [(3, 900, 90, 20)]},
        ["Lê Bình", "Trần An"],
        rule=RankingRule.EARLIEST,
    ),
    Case(
        "rule 'most correct, shortest time': prediction is ignored",
        {"Trần An": [(3, 2, 50, 10)], "Lê Bình": [(3, 900, 20, 90)]},
        ["Lê Bình", "Trần An"],
        rule=RankingRule.TIME,
    ),
    Case(
        "rule 'most correct, closest prediction': time is ignored",
        {"Trần An": [(3, 2, 5, 90)], "Lê Bình": [(3, 3, 90, 10)]},
        ["Trần An", "Lê Bình"],
        rule=RankingRule.PREDICTION,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_ranking_rules(city, case: Case) -> None:
    contest = make_contest(city.city, ranking_rule=case.rule)
    opened = timezone.now() - timedelta(days=8)
    round_ = make_round(contest, opens_at=opened, closes_at=opened + timedelta(days=7))
    for index, (name, rows) in enumerate(case.attempts.items()):
        entrant = make_entrant(contest, city.ward_a, f"091000000{index}", name)
        if name in case.excluded:
            entrant.is_excluded = True
            entrant.save()
        for number, row in enumerate(rows, start=1):
            correct, prediction, seconds, at, *status = row
            submitted = opened + timedelta(seconds=at)
            Attempt.objects.create(
                round=round_,
                entrant=entrant,
                number=number,
                status=status[0] if status else S,
                started_at=submitted - timedelta(seconds=seconds),
                deadline=submitted + timedelta(minutes=10),
                submitted_at=submitted,
                correct=correct,
                prediction=prediction,
                duration_ms=seconds * 1000,
            )
    round_compute_results(round_=round_, actor=SYSTEM)
    ranked = Standing.objects.filter(round=round_).order_by("rank").select_related("entrant")
    assert [s.entrant.full_name for s in ranked] == case.expected
    assert [s.rank for s in ranked] == list(range(1, len(case.expected) + 1))


def test_best_attempt_is_the_one_kept(city) -> None:
    contest = make_contest(city.city)
    opened = timezone.now() - timedelta(days=8)
    round_ = make_round(contest, opens_at=opened, closes_at=opened + timedelta(days=7))
    entrant = make_entrant(contest, city.ward_a)
    kept = None
    for number, correct in enumerate((1, 3, 2), start=1):
        attempt = Attempt.objects.create(
            round=round_,
            entrant=entrant,
            number=number,
            status=S,
            started_at=opened,
            deadline=opened + timedelta(minutes=10),
            submitted_at=opened + timedelta(minutes=number),
            correct=correct,
            prediction=1,
            duration_ms=60_000,
        )
        kept = attempt if correct == 3 else kept
    round_compute_results(round_=round_, actor=SYSTEM)
    standing = Standing.objects.get(round=round_)
    assert standing.attempt == kept
    assert standing.prediction_error == 0


def _entrants_with(round_, contest, city, results: list[int]) -> None:
    opened = round_.opens_at
    for index, correct in enumerate(results):
        entrant = make_entrant(contest, city.ward_a, f"09200000{index:02d}", f"Người {index}")
        Attempt.objects.create(
            round=round_,
            entrant=entrant,
            number=1,
            status=S,
            started_at=opened,
            deadline=opened + timedelta(minutes=10),
            submitted_at=opened + timedelta(seconds=index + 1),
            correct=correct,
            prediction=5,
            duration_ms=1000,
        )


def test_prizes_follow_the_ranking_and_the_tiers(city) -> None:
    """1 first and 2 second prizes: ranks 1–3 get them, the rest nothing."""
    contest = make_contest(city.city)
    opened = timezone.now() - timedelta(days=8)
    round_ = make_round(contest, opens_at=opened, closes_at=opened + timedelta(days=7))
    _entrants_with(round_, contest, city, [3, 3, 2, 1, 0])
    assert round_compute_results(round_=round_, actor=SYSTEM) == 5
    prizes = list(Standing.objects.filter(round=round_).values_list("rank", "prize"))
    assert prizes == [(1, "Giải Nhất"), (2, "Giải Nhì"), (3, "Giải Nhì"), (4, ""), (5, "")]


@pytest.mark.parametrize(
    ("target", "figure"), [(PredictionTarget.PARTICIPANTS, 4), (PredictionTarget.ALL_CORRECT, 2)]
)
def test_real_figure_of_the_prediction(city, target: str, figure: int) -> None:
    contest = make_contest(city.city, prediction_target=target)
    opened = timezone.now() - timedelta(days=8)
    round_ = make_round(contest, opens_at=opened, closes_at=opened + timedelta(days=7))
    _entrants_with(round_, contest, city, [3, 3, 2, 0])
    round_compute_results(round_=round_, actor=SYSTEM)
    round_.refresh_from_db()
    assert round_.actual_figure == figure
    first = Standing.objects.get(round=round_, rank=1)
    assert first.prediction_error == abs(5 - figure)


def test_results_wait_for_the_round_to_close(city) -> None:
    from django.core.exceptions import ValidationError

    contest = make_contest(city.city)
    round_ = make_round(contest)
    with pytest.raises(ValidationError):
        round_compute_results(round_=round_, actor=SYSTEM)
    assert not Standing.objects.exists()


def test_computing_again_replaces_the_standings(city) -> None:
    contest = make_contest(city.city)
    opened = timezone.now() - timedelta(days=8)
    round_ = make_round(contest, opens_at=opened, closes_at=opened + timedelta(days=7))
    _entrants_with(round_, contest, city, [3, 1])
    round_compute_results(round_=round_, actor=SYSTEM)
    Attempt.objects.filter(correct=1).update(correct=3, submitted_at=opened)
    round_compute_results(round_=round_, actor=SYSTEM)
    assert Standing.objects.filter(round=round_).count() == 2
    assert Standing.objects.get(round=round_, rank=1).entrant.full_name == "Người 1"
