"""Writes of the contests app.

Staff writes (contests, rounds, results, question reports) check the person's role in the
organising unit and leave an audit entry. Entrants' writes (registration, attempts) are the
public hot path: their own rows are the record, the server's clock gives every timestamp, and
the database's constraints — not Python — guarantee one open attempt and the attempt cap.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from tuyengiao.contests import live
from tuyengiao.contests.models import (
    Attempt,
    Contest,
    Entrant,
    PhoneCode,
    Question,
    QuestionReport,
    Round,
)
from tuyengiao.contests.ranking import actual_figure, rank_round
from tuyengiao.contests.senders import code_sender
from tuyengiao.core.audit import audit
from tuyengiao.core.text import fold, normalize
from tuyengiao.orgs.access import can
from tuyengiao.orgs.models import Unit

User = AbstractBaseUser | None  # None: the system (demo data, commands)

CODE_MINUTES = 10
CODE_TRIES = 5
# Answers that reach the server this long after the deadline still count: the time a
# submission spends on a slow connection. Later ones are recorded and not counted.
SUBMIT_GRACE = timedelta(seconds=getattr(settings, "CONTESTS_SUBMIT_GRACE_SECONDS", 5))
_PHONE = re.compile(r"^0[35789]\d{8}$")
_random = secrets.SystemRandom()


class Refused(Exception):
    """A request the rules refuse; the message says why, in Vietnamese."""


class OpenAttemptExists(Refused):
    def __init__(self, attempt: Attempt) -> None:
        self.attempt = attempt
        super().__init__("Bạn đang có một lượt thi chưa nộp bài.")


def require_organiser(actor: User, contest_unit: Unit) -> None:
    if actor is not None and not can(actor, "can_edit_data", contest_unit):
        raise PermissionDenied("Bạn không có quyền quản lý cuộc thi của đơn vị này.")


# --- Contests and rounds (staff) ---------------------------------------------------------------

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
def contest_save(*, contest: Contest | None = None, actor: User, **fields: Any) -> Contest:
    """Create a contest, or change ``contest``; the organiser must be within the actor's reach
    before and after."""
    unknown = set(fields) - set(CONTEST_FIELDS)
    if unknown:
        raise TypeError(f"unknown contest fields {sorted(unknown)}")
    creating = contest is None
    contest = contest or Contest()
    old_slug = contest.slug
    if not creating:
        require_organiser(actor, contest.organiser)
    for name, value in fields.items():
        setattr(contest, name, value)
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
    actor: User,
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
            raise ValidationError({"questions": "Câu hỏi không thuộc cuộc thi này."})
        round_.questions.set(questions)
    live.forget_pools([round_.pk])
    audit(instance=round_, action="wagtail.create" if creating else "wagtail.edit", actor=actor)
    return round_


@transaction.atomic
def round_compute_results(*, round_: Round, actor: User, now: datetime | None = None) -> int:
    """Close out the round: the real figure for the prediction, the standings and prizes.

    Open attempts whose time is up are closed first. Refused while the round is still open.
    Computing again replaces the previous results. Returns the number of entrants ranked.
    """
    require_organiser(actor, round_.contest.organiser)
    now = now or timezone.now()
    if now < round_.closes_at:
        raise ValidationError("Tuần thi chưa kết thúc, chưa thể tính kết quả.")
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
def question_report_resolve(*, report: QuestionReport, actor: User) -> None:
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
            {"phone": "Số điện thoại di động không hợp lệ (10 chữ số, ví dụ 0912345678)."}
        )
    return digits


def _code_hash(phone: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _excluded(contest: Contest, phone: str) -> bool:
    listed = {re.sub(r"\D", "", line) for line in contest.excluded_phones.splitlines()}
    return phone in listed


def code_send(*, contest: Contest, phone: str, address: str) -> None:
    """Send a one-time code to ``phone``, within the rate limits per phone and per address."""
    phone = normalize_phone(phone)
    if _excluded(contest, phone):
        raise Refused("Thành viên ban tổ chức không được dự thi.")
    per_phone = getattr(settings, "CONTESTS_CODES_PER_PHONE_HOUR", 5)
    per_address = getattr(settings, "CONTESTS_CODES_PER_ADDRESS_HOUR", 30)
    if not live.allow(f"code-phone:{phone}", per_phone, 3600) or not live.allow(
        f"code-address:{address}", per_address, 3600
    ):
        raise Refused("Bạn đã yêu cầu quá nhiều mã. Vui lòng thử lại sau ít phút.")
    code = f"{_random.randrange(1_000_000):06d}"
    now = timezone.now()
    PhoneCode.objects.create(
        contest=contest,
        phone=phone,
        code_hash=_code_hash(phone, code),
        expires_at=now + timedelta(minutes=CODE_MINUTES),
    )
    code_sender().send(phone, f"Ma xac nhan cuoc thi: {code} (hieu luc {CODE_MINUTES} phut)")


@transaction.atomic
def code_verify(*, contest: Contest, phone: str, code: str) -> bool:
    """Whether ``code`` is the latest valid code sent to ``phone``; a code is good once and
    for a few tries only."""
    phone = normalize_phone(phone)
    latest = (
        PhoneCode.objects.select_for_update()
        .filter(contest=contest, phone=phone, used_at__isnull=True)
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
        errors["full_name"] = "Vui lòng nhập họ và tên."
    if not 1900 <= birth_year <= today.year:
        errors["birth_year"] = "Năm sinh không hợp lệ."
    elif today.year - birth_year < contest.min_age:
        errors["birth_year"] = f"Cuộc thi dành cho người từ {contest.min_age} tuổi trở lên."
    if unit.pk not in allowed_units:
        errors["unit"] = "Vui lòng chọn xã, phường nơi bạn sinh sống hoặc làm việc."
    if not consent:
        errors["consent"] = "Cần đồng ý cho xử lý dữ liệu cá nhân để dự thi."
    if _excluded(contest, phone):
        errors["phone"] = "Thành viên ban tổ chức không được dự thi."
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
def entrant_erase(*, entrant: Entrant) -> None:
    """Erase the entrant's personal data at their request, or when retention ends.

    The unit and the attempts stay, without a name, so unit statistics stay true; an erased
    entrant is no longer ranked.
    """
    Entrant.objects.filter(pk=entrant.pk).update(
        phone="",
        full_name="",
        name_folded="",
        birth_year=None,
        workplace="",
        erased_at=timezone.now(),
    )
    PhoneCode.objects.filter(contest_id=entrant.contest_id, phone=entrant.phone).delete()


def contests_purge_expired(*, today: date | None = None) -> int:
    """Erase the entrants of contests whose retention date has passed; how many."""
    today = today or timezone.localdate()
    entrants = Entrant.objects.filter(contest__retention_until__lt=today, erased_at__isnull=True)
    count = 0
    for entrant in entrants.iterator():
        entrant_erase(entrant=entrant)
        count += 1
    return count


@transaction.atomic
def question_report_create(*, entrant: Entrant, question_id: int, message: str) -> QuestionReport:
    message = " ".join(message.split())
    if len(message) < 5:
        raise ValidationError({"message": "Vui lòng cho biết câu hỏi sai ở đâu."})
    question = Question.objects.filter(pk=question_id, contest_id=entrant.contest_id).first()
    if question is None:
        raise ValidationError({"question": "Không tìm thấy câu hỏi."})
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
        raise Refused("Tài khoản dự thi không hợp lệ.")
    if not round_.opens_at <= now < round_.closes_at:
        raise Refused("Tuần thi này không mở vào lúc này.")
    pool = live.round_pool(round_)
    count = min(contest.questions_per_attempt, len(pool))
    if count == 0:
        raise Refused("Tuần thi chưa có câu hỏi.")
    mine = Attempt.objects.filter(round=round_, entrant=entrant)
    mine.filter(status=Attempt.Status.OPEN, deadline__lt=now - SUBMIT_GRACE).update(
        status=Attempt.Status.EXPIRED
    )
    current = mine.filter(status=Attempt.Status.OPEN).first()
    if current is not None:
        raise OpenAttemptExists(current)
    number = (mine.aggregate(last=Max("number"))["last"] or 0) + 1
    if number > contest.max_attempts:
        raise Refused(f"Bạn đã dùng hết {contest.max_attempts} lượt thi của tuần này.")
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
        raise Refused("Bạn đang có một lượt thi chưa nộp bài.") from error
    transaction.on_commit(lambda: live.remember_attempt(attempt))
    live.count_start(round_.pk)
    return attempt


def score(paper: list[dict[str, Any]], answers: dict[int, list[int]], pool: dict) -> int:
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
        raise Refused("Lượt thi không thuộc về bạn.")
    if attempt.status != Attempt.Status.OPEN:
        raise Refused("Lượt thi này đã nộp bài.")
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
        raise Refused("Lượt thi này đã nộp bài.")
    for name, value in fields.items():
        setattr(attempt, name, value)
    return attempt
