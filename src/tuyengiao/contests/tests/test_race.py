"""Requests that race: the database, not Python, keeps one open attempt, the cap, and one
recorded submission. Real threads, each with its own database connection.

On PostgreSQL the racing transactions meet at the unique indexes and the conditional update.
The SQLite test database lives in shared memory, where a writer that finds the table locked
is refused at once ("database table is locked") instead of waiting as it does with the
platform's file database: such a refusal is the database's too, and counted with the others.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import OperationalError, connection

from tuyengiao.contests.models import Attempt
from tuyengiao.contests.services import Refused, attempt_start, attempt_submit
from tuyengiao.contests.tests.builders import (
    add_questions,
    make_contest,
    make_entrant,
    make_round,
    right_answers,
)
from tuyengiao.orgs.tests.personas import build_city

THREADS = 8

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(work: Callable[[int], object]) -> tuple[list[object], list[Exception]]:
    """Run ``work(i)`` in THREADS threads released at the same moment."""
    barrier = threading.Barrier(THREADS)
    results: list[object] = []
    refusals: list[Exception] = []  # the rules' refusals and the database's

    def run(index: int) -> None:
        try:
            barrier.wait()
            results.append(work(index))
        except Refused as refusal:
            refusals.append(refusal)
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            refusals.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, refusals


@pytest.fixture
def world():
    city = build_city()
    contest = make_contest(city.city, questions_per_attempt=3, max_attempts=2)
    add_questions(contest, 6)
    return contest, make_round(contest), make_entrant(contest, city.ward_a)


def test_concurrent_double_submits_record_one(world) -> None:
    _contest, round_, entrant = world
    attempt = attempt_start(entrant=entrant, round_=round_)
    answers = right_answers(attempt)

    def submit(index: int) -> int:
        copy = Attempt.objects.select_related("round").get(pk=attempt.pk)
        attempt_submit(attempt=copy, entrant_id=entrant.pk, answers=answers, prediction=index)
        return index

    winners, refusals = race(submit)
    assert len(winners) == 1
    assert len(refusals) == THREADS - 1
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    assert attempt.prediction == winners[0]


def test_concurrent_starts_open_one_attempt_and_never_pass_the_cap(world) -> None:
    contest, round_, entrant = world
    for _ in range(contest.max_attempts + 1):
        started, refusals = race(lambda index: attempt_start(entrant=entrant, round_=round_))
        opened = Attempt.objects.filter(entrant=entrant, status="open")
        assert opened.count() <= 1
        assert len(started) + len(refusals) == THREADS
        for attempt in opened:
            attempt_submit(attempt=attempt, entrant_id=entrant.pk, answers={}, prediction=1)
    numbers = sorted(Attempt.objects.filter(entrant=entrant).values_list("number", flat=True))
    assert numbers == [1, 2]
