"""Ranking a round: each entrant's best attempt, then every entrant in order, in SQL.

The keys, in the order a contest's ranking rule lists them (``RULE_KEYS``):

* ``correct`` — more correct answers first;
* ``prediction`` — prediction closer to the real figure first; no prediction counts as the
  farthest;
* ``time`` — shorter time taken (server clock, start to submission) first;
* ``submitted`` — earlier submission (server clock, to the microsecond) first.

When every key is equal, the attempt the database recorded first wins, so the order is total:
ranks are 1, 2, 3… with no shared places, and prizes never need a draw. Only attempts
submitted within the time limit count; excluded entrants and erased ones are not ranked.
One ``INSERT … SELECT`` with two window functions does the work, so a round of a million
entrants never becomes Python objects.
"""

from __future__ import annotations

from django.db import connection

from tuyengiao.contests.models import (
    Attempt,
    Contest,
    Entrant,
    PredictionTarget,
    RankingRule,
    Round,
    Standing,
)

# A prediction left empty is as far from the figure as can be.
NO_PREDICTION = 2_000_000_000

RULE_KEYS: dict[str, tuple[str, ...]] = {
    RankingRule.PREDICTION_TIME: ("correct", "prediction", "time", "submitted"),
    RankingRule.PREDICTION: ("correct", "prediction", "submitted"),
    RankingRule.TIME: ("correct", "time", "submitted"),
    RankingRule.EARLIEST: ("correct", "submitted"),
}

# Each key: the column it compares and the direction that ranks better first.
_KEY_COLUMNS: dict[str, tuple[str, str]] = {
    "correct": ("correct", "DESC"),
    "prediction": ("prediction_error", "ASC"),
    "time": ("duration_ms", "ASC"),
    "submitted": ("submitted_at", "ASC"),
}


def order_by(rule: str) -> str:
    """The ORDER BY list of ``rule`` over the columns of a scored attempt (see
    :func:`rank_round`); ``id``, the order the attempts were recorded in, settles the rest."""
    keys = [" ".join(_KEY_COLUMNS[key]) for key in RULE_KEYS[rule]]
    return ", ".join([*keys, "id ASC"])


def actual_figure(round_: Round) -> int:
    """The real answer to the round's prediction question, from the counted attempts."""
    counted = Attempt.objects.filter(round=round_, status=Attempt.Status.SUBMITTED)
    if round_.contest.prediction_target == PredictionTarget.ALL_CORRECT:
        counted = counted.filter(correct=round_.contest.questions_per_attempt)
    return counted.values("entrant_id").distinct().count()


def rank_round(round_: Round, figure: int) -> int:
    """Replace the round's standings by a fresh ranking against ``figure``; the number ranked.

    Three layers, innermost first: ``scored`` gives each counted attempt its distance to the
    figure; ``best`` numbers each entrant's attempts best first; the outer query ranks the
    best attempts. Both orderings are the rule's one ORDER BY over the same column names.
    Runs inside the caller's transaction.
    """
    contest: Contest = round_.contest
    quote = connection.ops.quote_name
    attempt_table = quote(Attempt._meta.db_table)
    entrant_table = quote(Entrant._meta.db_table)
    standing_table = quote(Standing._meta.db_table)
    order = order_by(contest.ranking_rule)
    sql = f"""
        INSERT INTO {standing_table}
            (round_id, entrant_id, attempt_id, rank, correct, prediction_error,
             duration_ms, submitted_at, prize)
        SELECT round_id, entrant_id, id, ROW_NUMBER() OVER (ORDER BY {order}),
               correct, NULLIF(prediction_error, %s), duration_ms, submitted_at, ''
        FROM (
            SELECT id, round_id, entrant_id, correct, prediction_error, duration_ms,
                   submitted_at,
                   ROW_NUMBER() OVER (PARTITION BY entrant_id ORDER BY {order}) AS pick
            FROM (
                SELECT a.id, a.round_id, a.entrant_id, a.correct, a.duration_ms,
                       a.submitted_at, COALESCE(ABS(a.prediction - %s), %s) AS prediction_error
                FROM {attempt_table} a JOIN {entrant_table} e ON e.id = a.entrant_id
                WHERE a.round_id = %s AND a.status = %s
                  AND e.is_excluded = %s AND e.erased_at IS NULL
            ) scored
        ) best
        WHERE pick = 1
    """
    params: list[int | str | bool] = [
        NO_PREDICTION,
        figure,
        NO_PREDICTION,
        round_.pk,
        Attempt.Status.SUBMITTED,
        False,
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Both sorts of a city-scale round fit in memory instead of spilling to disk;
            # for this transaction only, and still far below the 2 GB a ranking may use.
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(f"DELETE FROM {standing_table} WHERE round_id = %s", [round_.pk])
        cursor.execute(sql, params)
        ranked = cursor.rowcount
        first = 1
        for tier in contest.prizes:
            last = first + int(tier["count"]) - 1
            cursor.execute(
                f"UPDATE {standing_table} SET prize = %s "
                "WHERE round_id = %s AND rank BETWEEN %s AND %s",
                [tier["name"], round_.pk, first, last],
            )
            first = last + 1
    return ranked
