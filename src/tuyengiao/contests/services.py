"""Writes of the contests app.

Staff writes (contests, rounds, results, question reports, erasure) check the actor's role in
the organising unit and leave an audit entry. Entrants' writes (registration, attempts) are the
public hot path: their own rows are the record, the server's clock gives every timestamp, and
the database's constraints — not Python — guarantee one open attempt and the attempt cap.

One-time codes are sent by a task after the request commits (:func:`code_send` records the
request, :func:`phone_code_deliver` draws the code in the worker), so neither the code nor
the phone number is ever a task argument, and neither reaches a log in clear.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, Literal, TypedDict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from tuyengiao.contests import live
from tuyengiao.contests.models import (
    Attempt,
    Contest,
    Entrant,
    PhoneCode,
    PredictionTarget,
    Question,
    QuestionReport,
    RankingRule,
    Round,
)
from tuyengiao.contests.ranking import actual_figure, rank_round
from tuyengiao.contests.senders import code_sender
from tuyengiao.core import ratelimit
from tuyengiao.core.actors import Actor
from tuyengiao.core.audit import audit
from tuyengiao.core.text import fold, normalize
from tuyengiao.orgs.access import can
from tuyengiao.orgs.models import Unit

CODE_MINUTES = 10
CODE_TRIES = 5
# Answers that reach the server this long after the deadline still count: the time a
# submission spends on a slow connection. Later ones are recorded and not counted.
SUBMIT_GRACE = timedelta(seconds=getattr(settings, "CONTESTS_SUBMIT_GRACE_SECONDS", 5))
_PHONE = re.compile(r"^0[35789]\d{8}$")
_random = secrets.SystemRandom()

# Why an entrant's personal data was erased, as the audit entry records it.
ErasureReason = Literal["entrant_request", "retention_ended"]


class Prize(TypedDict):
    """A prize tier of every round: its name and how many places, best first."""

    name: str
    count: int


class Refused(Exception):
    """A request the rules refuse; the message says why, in the entrant's language."""


class OpenAttemptExists(Refused):
    def __init__(self, attempt: Attempt) -> None:
        self.attempt = attempt
        super().__init__(_("You have an attempt that is not submitted yet."))


def require_organiser(actor: Actor, contest_unit: Unit) -> None:
    """Refuse unless ``actor`` may edit the data of the organising unit."""
    if not can(actor, "can_edit_data", contest_unit):
        raise PermissionDenied(_("You may not manage the contests of this unit."))


# --- Contests and rounds (staff) ---------------------------------------------------------------

# The rules of a contest a person sets, in the order the contest form shows them.
CONTEST_FIELDS = (
    "title",
    "slug",
    "organiser",
    "description",
    "is_published",
    "questions_per_attempt",
    "time_limit_seconds",
    "max_attempts",
    "ranking_rule",
    "prediction_target",
    "prizes",
    "min_age",
    "excluded_phones",
    "data_purpose",
    "retention_until",
)


@transaction.atomic
def contest_save(
    *,
    actor: Actor,
    contest: Contest | None = None,
    title: str,
    slug: str,
    organiser: Unit,
    data_purpose: str,
    retention_until: date,
    description: str = "",
    is_published: bool = False,
    questions_per_attempt: int = 10,
    time_limit_seconds: int = 600,
    max_attempts: int = 3,
    ranking_rule: str = RankingRule.PREDICTION_TIME,
    prediction_target: str = PredictionTarget.PARTICIPANTS,
    prizes: Sequence[Prize] = (),
    min_age: int = 14,
    excluded_phones: str = "",
) -> Contest:
    """Create a contest, or change ``contest``, to the rules given (every rule is set: the
    defaults are a new contest's); the organiser must be within the actor's reach before and
    after."""
    creating = contest is None
    contest = contest or Contest()
    old_slug = contest.slug
    if not creating:
        require_organiser(actor, contest.organiser)
    contest.title, contest.slug, contest.organiser = title, slug, organiser
    contest.description, contest.is_published = description, is_published
    contest.questions_per_attempt = questions_per_attempt
    contest.time_limit_seconds, contest.max_attempts = time_limit_seconds, max_attempts
    contest.ranking_rule, contest.prediction_target = ranking_rule, prediction_target
    contest.prizes = [Prize(name=p["name"], count=p["count"]) for p in prizes]
    contest.min_age, contest.excluded_phones = min_age, excluded_phones
    contest.data_purpose, contest.retention_until = data_purpose, retention_until
    require_organiser(actor, contest.organiser)
    contest.full_clean()
    contest.save()
    audit(instance=contest, action="wagtail.create" if creating else "wagtail.edit", actor=actor)
    # Now for this request, and again at commit for any request that cached the old rules.
    live.forget_contest(old_slug, contest.slug)
    transaction.on_commit(lambda: live.forget_contest(old_slug, contest.slug))
    if not creating:
        live.forget_pools(list(contest.rounds.values_list("pk", flat=True)))
    return contest


@transaction.atomic
def round_save(
    *,
    contest: Contest,
    actor: Actor,
    number: int,
    opens_at: datetime,
    closes_at: datetime,
    title: str = "",
    questions: list[Question] | None = None,
    round_: Round | None = None,
) -> Round:
    """Create or change a round of ``contest``; ``questions`` (of the contest) is its pool."""
    require_organiser(actor, contest.organiser)
    creating = round_ is None
    round_ = round_ or Round(contest=contest)
    round_.number, round_.title = number, title
    round_.opens_at, round_.closes_at = opens_at, closes_at
    round_.full_clean()
    round_.save()
    if questions is not None:
        if any(q.contest_id != contest.pk for q in questions):
            raise ValidationError(
                {"questions": _("This question does not belong to this contest.")}
            )
        round_.questions.set(questions)
    live.forget_pools([round_.pk])
    audit(instance=round_, action="wagtail.create" if creating else "wagtail.edit", actor=actor)
    return round_


@transaction.atomic
def round_compute_results(*, round_: Round, actor: Actor, now: datetime | None = None) -> int:
    """Close out the round: the real figure for the prediction, the standings and prizes.

    Open attempts whose time is up are closed first. Refused while the round is still open.
    Computing again replaces the previous results. Returns the number of entrants ranked.
    """
    require_organiser(actor, round_.contest.organiser)
    now = now or timezone.now()
    if now < round_.closes_at:
        raise ValidationError(_("The round has not ended yet; its results cannot be computed."))
    Round.objects.select_for_update().get(pk=round_.pk)
    Attempt.objects.filter(round=round_, status=Attempt.Status.OPEN).update(
        status=Attempt.Status.EXPIRED
    )
    figure = actual_figure(round_)
    ranked = rank_round(round_, figure)
    round_.actual_figure, round_.results_at = figure, now
    round_.save(update_fields=["actual_figure", "results_at"])
    audit(
        instance=round_,
        action="tuyengiao.contests.results",
        actor=actor,
        data={"actual_figure": figure, "ranked": ranked},
    )
    return ranked


@transaction.atomic
def question_report_resolve(*, report: QuestionReport, actor: Actor) -> None:
    """Mark an entrant's report of a faulty question as dealt with."""
    require_organiser(actor, report.question.contest.organiser)
    report.resolved_at = timezone.now()
    report.save(update_fields=["resolved_at"])
    audit(instance=report.question, action="tuyengiao.contests.report_resolve", actor=actor)


# --- Registration (entrants) --------------------------------------------------------------------


def normalize_phone(raw: str) -> str:
    """``0912 345 678``, ``+84912345678`` → ``0912345678``; refuses anything else."""
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not _PHONE.match(digits):
        raise ValidationError(
            {"phone": _("Invalid mobile phone number (10 digits, e.g. 0912345678).")}
        )
    return digits


def _code_hash(phone: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _excluded(contest: Contest, phone: str) -> bool:
    listed = {re.sub(r"\D", "", line) for line in contest.excluded_phones.splitlines()}
    return phone in listed


@transaction.atomic
def code_send(*, contest: Contest, phone: str, address: str) -> PhoneCode:
    """Have a one-time code sent to ``phone``, within the rate limits per phone and per address.

    The request is recorded here; the code itself is drawn and sent by a task once this
    transaction commits (:func:`phone_code_deliver`), so a slow SMS gateway never holds up the
    page and the task's stored arguments hold no phone number and no code.
    """
    phone = normalize_phone(phone)
    if _excluded(contest, phone):
        raise Refused(_("Members of the organising committee may not take part."))
    per_phone = getattr(settings, "CONTESTS_CODES_PER_PHONE_HOUR", 5)
    per_address = getattr(settings, "CONTESTS_CODES_PER_ADDRESS_HOUR", 30)
    if not ratelimit.allow(f"contests:code-phone:{phone}", per_phone, 3600) or not ratelimit.allow(
        f"contests:code-address:{address}", per_address, 3600
    ):
        raise Refused(_("You have asked for too many codes. Please try again in a few minutes."))
    pending = PhoneCode.objects.create(
        contest=contest,
        phone=phone,
        code_hash="",  # drawn by the task
        expires_at=timezone.now() + timedelta(minutes=CODE_MINUTES),
    )
    from tuyengiao.contests.tasks import send_phone_code

    transaction.on_commit(partial(send_phone_code.enqueue, pending.pk))
    return pending


@sensitive_variables("code", "message")
def phone_code_deliver(*, phone_code_id: int) -> bool:
    """Draw the code of a recorded request, keep its hash and send it; whether it was sent.

    Runs in the task worker. A request already served (a task run twice), expired or gone is
    left alone. The hash is stored before the message leaves, so a code the entrant receives
    is always one the platform accepts.
    """
    pending = PhoneCode.objects.filter(pk=phone_code_id, code_hash="").first()
    if pending is None or pending.expires_at <= timezone.now():
        return False
    code = f"{_random.randrange(1_000_000):06d}"
    claimed = PhoneCode.objects.filter(pk=pending.pk, code_hash="").update(
        code_hash=_code_hash(pending.phone, code)
    )
    if not claimed:
        return False
    # SMS text without diacritics: one GSM-7 segment on every phone and gateway.
    with translation.override(settings.LANGUAGE_CODE):
        message = _("Contest confirmation code: %(code)s (valid for %(minutes)s minutes)") % {
            "code": code,
            "minutes": CODE_MINUTES,
        }
    code_sender().send(pending.phone, message)
    return True


@sensitive_variables("code")
@transaction.atomic
def code_verify(*, contest: Contest, phone: str, code: str) -> bool:
    """Whether ``code`` is the latest code sent to ``phone`` and still valid; a code is good
    once and for a few tries only. A request whose code the task has not yet sent does not
    hide the code sent before it."""
    phone = normalize_phone(phone)
    latest = (
        PhoneCode.objects.select_for_update()
        .filter(contest=contest, phone=phone, used_at__isnull=True)
        .exclude(code_hash="")
        .order_by("-created_at")
        .first()
    )
    if latest is None or latest.expires_at < timezone.now() or latest.tries >= CODE_TRIES:
        return False
    if not hmac.compare_digest(latest.code_hash, _code_hash(phone, code.strip())):
        latest.tries += 1
        latest.save(update_fields=["tries"])
        return False
    latest.used_at = timezone.now()
    latest.save(update_fields=["used_at"])
    return True


def entrant_for_phone(contest: Contest, phone: str) -> Entrant | None:
    """The entrant registered with ``phone`` in ``contest`` (erased entrants are nobody)."""
    return Entrant.objects.filter(contest=contest, phone=phone, erased_at__isnull=True).first()


@transaction.atomic
def entrant_register(
    *,
    contest: Contest,
    phone: str,
    full_name: str,
    birth_year: int,
    unit: Unit,
    allowed_units: set[int],
    consent: bool,
    workplace: str = "",
    today: date | None = None,
) -> Entrant:
    """Register a verified phone for the contest, after the eligibility rules.

    Someone else already registered with the same name, year of birth and unit is noted as a
    possible duplicate for the organisers to look at; registration still goes through.
    """
    today = today or timezone.localdate()
    phone = normalize_phone(phone)
    errors: dict[str, str] = {}
    full_name = normalize(" ".join(full_name.split()))
    if len(full_name) < 3:
        errors["full_name"] = _("Please enter your full name.")
    if not 1900 <= birth_year <= today.year:
        errors["birth_year"] = _("Invalid year of birth.")
    elif today.year - birth_year < contest.min_age:
        errors["birth_year"] = _("The contest is open to people aged %(age)s and over.") % {
            "age": contest.min_age
        }
    if unit.pk not in allowed_units:
        errors["unit"] = _("Please choose the commune or ward where you live or work.")
    if not consent:
        errors["consent"] = _("Consent to the processing of personal data is needed to take part.")
    if _excluded(contest, phone):
        errors["phone"] = _("Members of the organising committee may not take part.")
    if errors:
        raise ValidationError(errors)
    existing = entrant_for_phone(contest, phone)
    if existing is not None:
        return existing
    folded = fold(full_name)
    twin = (
        Entrant.objects.filter(
            contest=contest, name_folded=folded, birth_year=birth_year, unit=unit
        )
        .exclude(phone=phone)
        .order_by("pk")
        .first()
    )
    try:
        with transaction.atomic():
            return Entrant.objects.create(
                contest=contest,
                phone=phone,
                full_name=full_name,
                name_folded=folded,
                birth_year=birth_year,
                unit=unit,
                workplace=" ".join(workplace.split()),
                consent_at=timezone.now(),
                duplicate_of=twin,
            )
    except IntegrityError:  # the same phone registered a moment ago
        found = entrant_for_phone(contest, phone)
        assert found is not None
        return found


@transaction.atomic
def entrant_erase(*, entrant: Entrant, actor: Actor, reason: ErasureReason) -> None:
    """Erase the entrant's personal data at their request, or when retention ends
    (Nghị định 13/2023/NĐ-CP).

    Everything the entrant gave or wrote goes: phone, name, year of birth, workplace, the
    codes sent to the phone, the text of their question reports, and the "possibly the same
    person" links drawn from their name. The unit and the attempts stay, without a name, so
    unit statistics stay true; an erased entrant is no longer ranked. The audit entry names
    the entrant by number only. The public page acts as the system on the entrant's behalf,
    once it has recognised the entrant.
    """
    require_organiser(actor, entrant.contest.organiser)
    phone = entrant.phone
    entrant.phone = entrant.full_name = entrant.name_folded = entrant.workplace = ""
    entrant.birth_year = entrant.duplicate_of = None
    entrant.erased_at = timezone.now()
    entrant.save(
        update_fields=[
            "phone",
            "full_name",
            "name_folded",
            "birth_year",
            "workplace",
            "duplicate_of",
            "erased_at",
            "updated_at",
        ]
    )
    if phone:
        PhoneCode.objects.filter(contest_id=entrant.contest_id, phone=phone).delete()
    reports = QuestionReport.objects.filter(entrant=entrant).update(message="")
    Entrant.objects.filter(duplicate_of=entrant).update(duplicate_of=None)
    audit(
        instance=entrant,
        action="tuyengiao.contests.erase",
        actor=actor,
        data={"reason": reason, "reports_cleared": reports},
    )


def contests_purge_expired(*, actor: Actor, today: date | None = None) -> int:
    """Erase the entrants of contests whose retention date has passed; how many."""
    today = today or timezone.localdate()
    entrants = Entrant.objects.filter(
        contest__retention_until__lt=today, erased_at__isnull=True
    ).select_related("contest__organiser")
    count = 0
    for entrant in entrants.iterator():
        entrant_erase(entrant=entrant, actor=actor, reason="retention_ended")
        count += 1
    return count


@transaction.atomic
def question_report_create(*, entrant: Entrant, question_id: int, message: str) -> QuestionReport:
    """An entrant reports that a question of the contest is wrong or unclear."""
    message = " ".join(message.split())
    if len(message) < 5:
        raise ValidationError({"message": _("Please say what is wrong with the question.")})
    question = Question.objects.filter(pk=question_id, contest_id=entrant.contest_id).first()
    if question is None:
        raise ValidationError({"question": _("Question not found.")})
    return QuestionReport.objects.create(question=question, entrant=entrant, message=message[:2000])


# --- Attempts (entrants, the hot path) ----------------------------------------------------------


@transaction.atomic
def attempt_start(*, entrant: Entrant, round_: Round, now: datetime | None = None) -> Attempt:
    """Draw a paper and open an attempt, within the round's window and the attempt cap.

    An open attempt whose time is up is closed first. A second open attempt, or one past the
    cap, is refused by the database's unique indexes even when requests race (on SQLite the
    transaction takes the write lock up front, so racing starts run one after the other).
    """
    now = now or timezone.now()
    contest = round_.contest
    if entrant.erased_at is not None or entrant.contest_id != contest.pk:
        raise Refused(_("Invalid entrant account."))
    if not round_.opens_at <= now < round_.closes_at:
        raise Refused(_("This round is not open at this time."))
    pool = live.round_pool(round_)
    count = min(contest.questions_per_attempt, len(pool))
    if count == 0:
        raise Refused(_("This round has no questions yet."))
    mine = Attempt.objects.filter(round=round_, entrant=entrant)
    mine.filter(status=Attempt.Status.OPEN, deadline__lt=now - SUBMIT_GRACE).update(
        status=Attempt.Status.EXPIRED
    )
    current = mine.filter(status=Attempt.Status.OPEN).first()
    if current is not None:
        raise OpenAttemptExists(current)
    number = (mine.aggregate(last=Max("number"))["last"] or 0) + 1
    if number > contest.max_attempts:
        raise Refused(
            _("You have used all %(count)s attempts of this round.")
            % {"count": contest.max_attempts}
        )
    paper = []
    for question_id in _random.sample(sorted(pool), count):
        options = list(pool[question_id].options)
        _random.shuffle(options)
        paper.append({"q": question_id, "o": options})
    limit = timedelta(seconds=contest.time_limit_seconds)
    attempt = Attempt(
        round=round_,
        entrant=entrant,
        number=number,
        started_at=now,
        deadline=min(now + limit, round_.closes_at),
        paper=paper,
    )
    try:
        with transaction.atomic():
            attempt.save(force_insert=True)
    except IntegrityError as error:
        # Another request of the same entrant opened an attempt at the same moment.
        raise Refused(_("You have an attempt that is not submitted yet.")) from error
    transaction.on_commit(lambda: live.remember_attempt(attempt))
    live.count_start(round_.pk)
    return attempt


def score(
    paper: list[dict[str, Any]], answers: dict[int, list[int]], pool: dict[int, live.PoolQuestion]
) -> int:
    """Questions answered exactly right: every correct option chosen and nothing else."""
    right = 0
    for item in paper:
        question = pool.get(item["q"])
        chosen = set(answers.get(item["q"], ())) & set(item["o"])
        if question is not None and chosen and chosen == question.correct:
            right += 1
    return right


def attempt_submit(
    *,
    attempt: Attempt,
    entrant_id: int,
    answers: dict[int, list[int]],
    prediction: int | None,
    now: datetime | None = None,
) -> Attempt:
    """Record the answers and the prediction; refused for an attempt already closed.

    Past the deadline (plus the grace for slow connections) the attempt is recorded as late
    and its answers do not count. A conditional update closes the attempt, so of two
    submissions racing only one is recorded.
    """
    now = now or timezone.now()
    if attempt.entrant_id != entrant_id:
        raise Refused(_("This attempt is not yours."))
    if attempt.status != Attempt.Status.OPEN:
        raise Refused(_("This attempt has already been submitted."))
    late = now > attempt.deadline + SUBMIT_GRACE
    pool = live.round_pool(attempt.round)
    fields: dict[str, Any] = {
        "status": Attempt.Status.LATE if late else Attempt.Status.SUBMITTED,
        "submitted_at": now,
        "duration_ms": int((now - attempt.started_at).total_seconds() * 1000),
        "prediction": prediction,
        "answers": {} if late else {str(q): sorted(a) for q, a in answers.items()},
        "correct": 0 if late else score(attempt.paper, answers, pool),
    }
    updated = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.OPEN).update(**fields)
    live.forget_attempt(str(attempt.token))
    if not updated:
        raise Refused(_("This attempt has already been submitted."))
    for name, value in fields.items():
        setattr(attempt, name, value)
    return attempt
