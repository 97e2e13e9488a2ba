"""Reads of the contests app: staff reads know the person; public reads show only what a
published contest shows everyone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuyengiao.contests import live
from tuyengiao.contests.models import (
    Attempt,
    Contest,
    Entrant,
    PhoneCode,
    Question,
    QuestionReport,
    Round,
    Standing,
)
from tuyengiao.contests.senders import mask_phone
from tuyengiao.core.actors import Viewer
from tuyengiao.core.text import vietnamese_sorted
from tuyengiao.orgs.access import can, scope_roots, units_in_scope_any_time
from tuyengiao.orgs.models import Unit, UnitProfile
from tuyengiao.orgs.selectors import descendants

# Entrants name the commune or ward they belong to today.
ENTRANT_UNIT_KINDS = ("commune_committee",)


def contests_visible_to(user: Viewer) -> QuerySet[Contest]:
    """Contests whose organising unit is within the person's reach (in any tree)."""
    contests = Contest.objects.select_related("organiser")
    if not user.is_authenticated:
        return contests.none()
    if scope_roots(user, None) is None:
        return contests
    return contests.filter(organiser__in=units_in_scope_any_time(user))


def contest_for_user(user: Viewer, pk: int) -> Contest:
    """A contest within the person's reach, or 404."""
    contest = contests_visible_to(user).filter(pk=pk).first()
    if contest is None:
        raise Http404(_("Contest not found."))
    return contest


def round_for_user(user: Viewer, pk: int) -> Round:
    """A round of a contest within the person's reach, or 404."""
    round_ = (
        Round.objects.select_related("contest", "contest__organiser")
        .filter(pk=pk, contest__in=contests_visible_to(user))
        .first()
    )
    if round_ is None:
        raise Http404(_("Round not found."))
    return round_


def report_for_user(user: Viewer, pk: int) -> QuestionReport:
    """A question report of a contest within the person's reach, or 404."""
    report = (
        QuestionReport.objects.select_related("question__contest__organiser")
        .filter(pk=pk, question__contest__in=contests_visible_to(user))
        .first()
    )
    if report is None:
        raise Http404(_("Question report not found."))
    return report


# --- Public reads ------------------------------------------------------------------------------


def published_contests() -> QuerySet[Contest]:
    return Contest.objects.filter(is_published=True).select_related("organiser")


def public_contest(slug: str) -> Contest:
    contest = live.published_contest(slug)
    if contest is None:
        raise Http404(_("Contest not found."))
    return contest


def public_round(contest: Contest, number: int) -> Round:
    round_ = contest.rounds.filter(number=number).first()
    if round_ is None:
        raise Http404(_("Round not found."))
    round_.contest = contest
    return round_


def current_round(contest: Contest, now: datetime | None = None) -> Round | None:
    now = now or timezone.now()
    return contest.rounds.filter(opens_at__lte=now, closes_at__gt=now).first()


def unit_names(unit_ids: list[int], on: date) -> dict[int, str]:
    profiles = UnitProfile.objects.in_force_on(on).filter(unit_id__in=unit_ids)
    return {p.unit_id: p.name for p in profiles}


def registration_units(contest: Contest, on: date | None = None) -> list[tuple[int, str]]:
    """The communes and wards an entrant may name: those under the organiser in today's tree
    (or the organiser itself when it is one), in Vietnamese order."""
    on = on or timezone.localdate()
    below = descendants(contest.organiser, on) | Unit.objects.filter(pk=contest.organiser_id)
    kinds = UnitProfile.objects.in_force_on(on).filter(
        unit__in=below, kind__code__in=ENTRANT_UNIT_KINDS
    )
    pairs = [(p.unit_id, p.name) for p in kinds]
    return vietnamese_sorted(pairs, key=lambda pair: pair[1])


# What the results page publishes about a prize winner, as the consent text tells entrants
# before they agree (Nghị định 13/2023/NĐ-CP, Điều 11: consent covers each stated use).
PUBLICATION_NOTICE = gettext_lazy(
    "If you win a prize, the results page publishes your full name, your commune or ward "
    "and your phone number with all but its first two and last two digits hidden. Your "
    "year of birth, your workplace and your full phone number are never published."
)


def can_see_entrants(user: Viewer, contest: Contest) -> bool:
    """Whether the person may see who the entrants are (names, phones, years of birth,
    workplaces): the organisers, those who may manage the organising unit's contests.
    Others within reach see rankings and figures without personal columns."""
    return can(user, "can_edit_data", contest.organiser)


def _when(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _answers_given(attempt: Attempt, questions: dict[int, Question]) -> list[dict[str, Any]]:
    """The attempt's paper as the entrant saw it, with the options they chose (the answer
    key is not theirs to take away and stays on the server)."""
    given = []
    for item in attempt.paper:
        question = questions.get(item["q"])
        options = {o.pk: o.text for o in question.options.all()} if question else {}
        chosen = attempt.answers.get(str(item["q"]), attempt.answers.get(item["q"], []))
        given.append(
            {
                "cau_hoi": question.text if question else "",
                "phuong_an": [options.get(pk, "") for pk in item["o"]],
                "da_chon": [options.get(pk, "") for pk in chosen],
            }
        )
    return given


def entrant_data(entrant: Entrant) -> dict[str, Any]:
    """Everything the platform keeps about an entrant, for the entrant to take away: the
    details they gave, their consent, the codes sent to their phone, every attempt with its
    answers and score, their standings and prizes, and the question reports they wrote."""
    contest = entrant.contest
    names = unit_names([entrant.unit_id], timezone.localdate())
    attempts = list(entrant.attempts.select_related("round").order_by("round__number", "number"))
    question_ids = {item["q"] for a in attempts for item in a.paper}
    questions = Question.objects.filter(pk__in=question_ids).prefetch_related("options")
    by_id = {q.pk: q for q in questions}
    placings = (
        Standing.objects.filter(entrant=entrant).select_related("round").order_by("round__number")
    )
    reports = QuestionReport.objects.filter(entrant=entrant).select_related("question")
    codes = PhoneCode.objects.filter(contest=contest, phone=entrant.phone).order_by("created_at")
    return {
        "cuoc_thi": contest.title,
        "so_dien_thoai": entrant.phone,
        "ho_ten": entrant.full_name,
        "nam_sinh": entrant.birth_year,
        "xa_phuong": names.get(entrant.unit_id, ""),
        "noi_cong_tac": entrant.workplace,
        "dang_ky_luc": _when(entrant.created_at),
        "cap_nhat_luc": _when(entrant.updated_at),
        "dong_y": {
            "dong_y_luc": _when(entrant.consent_at),
            "muc_dich": contest.data_purpose,
            "luu_den": contest.retention_until.isoformat(),
            "cong_bo_ket_qua": str(PUBLICATION_NOTICE),
        },
        "loai_khoi_giai": entrant.is_excluded,
        "co_the_trung_nguoi_khac": entrant.duplicate_of_id is not None,
        "ma_xac_nhan_da_gui": [
            {"gui_luc": _when(c.created_at), "da_dung_luc": _when(c.used_at)} for c in codes
        ],
        "luot_thi": [
            {
                "tuan": a.round.number,
                "lan": a.number,
                "bat_dau": _when(a.started_at),
                "han_nop": _when(a.deadline),
                "nop_bai": _when(a.submitted_at),
                "trang_thai": a.get_status_display(),
                "so_cau_dung": a.correct,
                "du_doan": a.prediction,
                "thoi_gian_ms": a.duration_ms,
                "tra_loi": _answers_given(a, by_id),
            }
            for a in attempts
        ],
        "xep_hang": [
            {
                "tuan": s.round.number,
                "hang": s.rank,
                "giai": s.prize,
                "so_cau_dung": s.correct,
                "du_doan_lech": s.prediction_error,
                "thoi_gian_ms": s.duration_ms,
            }
            for s in placings
        ],
        "bao_loi_cau_hoi": [
            {
                "cau_hoi": r.question.text,
                "noi_dung": r.message,
                "gui_luc": _when(r.created_at),
                "da_xu_ly_luc": _when(r.resolved_at),
            }
            for r in reports
        ],
    }


@dataclass(frozen=True)
class PublicWinner:
    """A prize winner as the public results page shows them: only what
    :data:`PUBLICATION_NOTICE` announces."""

    rank: int
    prize: str
    full_name: str
    unit: str
    phone: str


def public_winners(round_: Round) -> list[PublicWinner]:
    """The round's prize winners for everyone to see (none until results are computed)."""
    if not round_.results_at:
        return []
    winners = list(prize_winners(round_))
    names = unit_names([w.entrant.unit_id for w in winners], timezone.localdate())
    return [
        PublicWinner(
            rank=w.rank,
            prize=w.prize,
            full_name=w.entrant.full_name,
            unit=names.get(w.entrant.unit_id, ""),
            phone=mask_phone(w.entrant.phone) if w.entrant.phone else "",
        )
        for w in winners
    ]


# --- Statistics and results ------------------------------------------------------------------


@dataclass(frozen=True)
class UnitFigures:
    unit_id: int
    name: str
    entrants: int
    attempts: int
    all_correct: int


def unit_statistics(contest: Contest, round_: Round | None = None) -> list[UnitFigures]:
    """Entrants, attempts and all-correct entrants by unit (a round, or the whole contest).

    Entrants count those who took at least one attempt; attempts count every attempt
    started; all-correct counts entrants with at least one counted attempt fully right.
    """
    attempts = Attempt.objects.filter(round__contest=contest)
    if round_ is not None:
        attempts = attempts.filter(round=round_)
    full = Q(status=Attempt.Status.SUBMITTED, correct=contest.questions_per_attempt)
    rows = attempts.values("entrant__unit_id").annotate(
        entrants=Count("entrant_id", distinct=True),
        attempts=Count("id"),
        all_correct=Count("entrant_id", filter=full, distinct=True),
    )
    names = unit_names([row["entrant__unit_id"] for row in rows], timezone.localdate())
    figures = [
        UnitFigures(
            row["entrant__unit_id"],
            names.get(row["entrant__unit_id"], ""),
            row["entrants"],
            row["attempts"],
            row["all_correct"],
        )
        for row in rows
    ]
    figures = vietnamese_sorted(figures, key=lambda f: f.name)
    return sorted(figures, key=lambda f: -f.entrants)


def standings(round_: Round, limit: int | None = None) -> QuerySet[Standing]:
    rows = Standing.objects.filter(round=round_).select_related("entrant").order_by("rank")
    return rows[:limit] if limit else rows


def prize_winners(round_: Round) -> QuerySet[Standing]:
    return standings(round_).exclude(prize="")


@dataclass(frozen=True)
class RoundMonitor:
    entrants: int
    attempts: int
    open_now: int
    submitted: int
    per_minute: list[int]


def round_monitor(round_: Round, minutes: int = 15) -> RoundMonitor:
    """Live figures of a round: counts from the database, the per-minute starts from the
    shared counters when the cache is shared (Redis), else from the database."""
    attempts = Attempt.objects.filter(round=round_)
    totals = attempts.aggregate(
        entrants=Count("entrant_id", distinct=True),
        attempts=Count("id"),
        open_now=Count("id", filter=Q(status=Attempt.Status.OPEN)),
        submitted=Count("id", filter=Q(status=Attempt.Status.SUBMITTED)),
    )
    if live.shared_cache():
        per_minute = live.starts_per_minute(round_.pk, minutes)
    else:
        now = timezone.now().replace(second=0, microsecond=0)
        since = now - timedelta(minutes=minutes - 1)
        starts = attempts.filter(started_at__gte=since).values_list("started_at", flat=True)
        per_minute = [0] * minutes
        for started in starts:
            index = int((started - since).total_seconds() // 60)
            if 0 <= index < minutes:
                per_minute[index] += 1
    return RoundMonitor(per_minute=per_minute, **totals)
