"""Attempts: random papers, the server's time limit, the cap and one open attempt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tuyengiao.contests.models import Attempt, Option
from tuyengiao.contests.services import (
    SUBMIT_GRACE,
    OpenAttemptExists,
    Refused,
    attempt_start,
    attempt_submit,
    round_save,
)
from tuyengiao.contests.tests.builders import (
    add_questions,
    make_contest,
    make_entrant,
    make_round,
    right_answers,
)
from tuyengiao.core.actors import SYSTEM


@pytest.fixture
def setup(city):
    contest = make_contest(city.city, questions_per_attempt=3, max_attempts=2)
    questions = add_questions(contest, 8)
    round_ = make_round(contest)
    entrant = make_entrant(contest, city.ward_a)
    return contest, questions, round_, entrant


def set_pool(round_, questions) -> None:
    round_save(
        contest=round_.contest,
        round_=round_,
        actor=SYSTEM,
        number=round_.number,
        opens_at=round_.opens_at,
        closes_at=round_.closes_at,
        questions=questions,
    )


def test_a_paper_draws_distinct_questions_from_the_pool_and_shuffles_options(setup) -> None:
    _contest, questions, round_, entrant = setup
    papers = set()
    orders = set()
    for _ in range(12):
        attempt = attempt_start(entrant=entrant, round_=round_)
        ids = [item["q"] for item in attempt.paper]
        assert len(ids) == 3
        assert len(set(ids)) == 3
        assert set(ids) <= {q.pk for q in questions}
        for item in attempt.paper:
            assert sorted(item["o"]) == sorted(
                Option.objects.filter(question_id=item["q"]).values_list("pk", flat=True)
            )
            orders.add(tuple(Option.objects.get(pk=pk).position for pk in item["o"]))
        papers.add(tuple(sorted(ids)))
        Attempt.objects.filter(pk=attempt.pk).delete()
    assert len(papers) > 1, "every attempt drew the same questions"
    assert len(orders) > 1, "options were never shuffled"


def test_the_round_pool_limits_the_draw(setup) -> None:
    _contest, questions, round_, entrant = setup
    pool = questions[:3]
    set_pool(round_, pool)
    attempt = attempt_start(entrant=entrant, round_=round_)
    assert {item["q"] for item in attempt.paper} == {q.pk for q in pool}


def test_all_right_answers_score_full_and_partial_choice_scores_nothing(setup) -> None:
    _contest, _questions, round_, entrant = setup
    attempt = attempt_start(entrant=entrant, round_=round_)
    answers = right_answers(attempt)
    attempt_submit(attempt=attempt, entrant_id=entrant.pk, answers=answers, prediction=7)
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct, attempt.prediction) == ("submitted", 3, 7)
    second = attempt_start(entrant=entrant, round_=round_)
    wrong = {
        q: [o for o in item_options if o not in right_answers(second)[q]][:1]
        for q, item_options in ((i["q"], i["o"]) for i in second.paper)
    }
    attempt_submit(attempt=second, entrant_id=entrant.pk, answers=wrong, prediction=7)
    second.refresh_from_db()
    assert second.correct == 0


def test_a_multiple_answer_question_needs_every_right_option(setup) -> None:
    _contest, questions, round_, entrant = setup
    multiple = next(q for q in questions if q.kind == "multiple")
    set_pool(round_, [multiple])
    attempt = attempt_start(entrant=entrant, round_=round_)
    first_right = [right_answers(attempt)[multiple.pk][0]]
    attempt_submit(
        attempt=attempt, entrant_id=entrant.pk, answers={multiple.pk: first_right}, prediction=1
    )
    attempt.refresh_from_db()
    assert attempt.correct == 0


def test_answers_after_the_deadline_are_not_counted(setup) -> None:
    _contest, _questions, round_, entrant = setup
    attempt = attempt_start(entrant=entrant, round_=round_)
    late = attempt.deadline + SUBMIT_GRACE + timedelta(seconds=1)
    attempt_submit(
        attempt=attempt,
        entrant_id=entrant.pk,
        answers=right_answers(attempt),
        prediction=3,
        now=late,
    )
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct, attempt.answers) == ("late", 0, {})


def test_answers_within_the_grace_count(setup) -> None:
    _contest, _questions, round_, entrant = setup
    attempt = attempt_start(entrant=entrant, round_=round_)
    attempt_submit(
        attempt=attempt,
        entrant_id=entrant.pk,
        answers=right_answers(attempt),
        prediction=3,
        now=attempt.deadline + SUBMIT_GRACE,
    )
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct) == ("submitted", 3)


def test_one_open_attempt_and_the_cap(setup) -> None:
    _contest, _questions, round_, entrant = setup
    first = attempt_start(entrant=entrant, round_=round_)
    with pytest.raises(OpenAttemptExists) as open_one:
        attempt_start(entrant=entrant, round_=round_)
    assert open_one.value.attempt == first
    attempt_submit(attempt=first, entrant_id=entrant.pk, answers={}, prediction=1)
    second = attempt_start(entrant=entrant, round_=round_)
    attempt_submit(attempt=second, entrant_id=entrant.pk, answers={}, prediction=1)
    with pytest.raises(Refused, match="hết 2 lượt"):
        attempt_start(entrant=entrant, round_=round_)
    assert Attempt.objects.filter(entrant=entrant).count() == 2


def test_an_abandoned_attempt_closes_and_counts_towards_the_cap(setup) -> None:
    _contest, _questions, round_, entrant = setup
    first = attempt_start(entrant=entrant, round_=round_)
    later = first.deadline + SUBMIT_GRACE + timedelta(seconds=1)
    second = attempt_start(entrant=entrant, round_=round_, now=later)
    first.refresh_from_db()
    assert first.status == "expired"
    assert second.number == 2


def test_a_second_submission_is_refused(setup) -> None:
    _contest, _questions, round_, entrant = setup
    attempt = attempt_start(entrant=entrant, round_=round_)
    stale = Attempt.objects.get(pk=attempt.pk)
    attempt_submit(
        attempt=attempt, entrant_id=entrant.pk, answers=right_answers(attempt), prediction=2
    )
    with pytest.raises(Refused):
        attempt_submit(attempt=stale, entrant_id=entrant.pk, answers={}, prediction=9)
    attempt.refresh_from_db()
    assert (attempt.correct, attempt.prediction) == (3, 2)


def test_no_attempt_outside_the_window_or_for_someone_else(setup, city) -> None:
    contest, _questions, round_, entrant = setup
    with pytest.raises(Refused):
        attempt_start(entrant=entrant, round_=round_, now=round_.closes_at)
    attempt = attempt_start(entrant=entrant, round_=round_)
    other = make_entrant(contest, city.ward_a, "0987654321", "Phạm Thị Hoa")
    with pytest.raises(Refused):
        attempt_submit(attempt=attempt, entrant_id=other.pk, answers={}, prediction=1)
    assert Attempt.objects.get(pk=attempt.pk).status == "open"


def test_the_deadline_never_passes_the_round_close(setup) -> None:
    _contest, _questions, round_, entrant = setup
    near_close = round_.closes_at - timedelta(minutes=2)
    attempt = attempt_start(entrant=entrant, round_=round_, now=near_close)
    assert attempt.deadline == round_.closes_at
    assert attempt.started_at == near_close
    assert timezone.is_aware(attempt.deadline)


def test_personal_data_is_purged_after_retention(setup, city) -> None:
    from django.core.management import call_command

    from tuyengiao.contests.models import Entrant

    contest = setup[0]
    attempt_start(entrant=setup[3], round_=setup[2])
    contest.retention_until = timezone.localdate() - timedelta(days=1)
    contest.save()
    call_command("contests_purge")
    entrant = Entrant.objects.get()
    assert entrant.erased_at is not None
    assert entrant.full_name == ""
    assert entrant.phone == ""
    assert Attempt.objects.filter(entrant=entrant).count() == 1
