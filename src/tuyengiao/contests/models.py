"""Online knowledge contests (cuộc thi trực tuyến): contests, rounds, questions, entrants,
attempts and the computed standings of a round.

The database itself guarantees the two rules that a rush of requests could break: an entrant
has at most one open attempt in a round (a unique index over open attempts), and attempt
numbers within a round are unique per entrant, so the cap is never passed (DOMAIN.md §5).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.models import TimeStampedModel
from tuyengiao.documents.models import Document
from tuyengiao.orgs.models import Unit


class RankingRule(models.TextChoices):
    """The keys that order attempts, most important first (see ``ranking.RULE_KEYS``)."""

    PREDICTION_TIME = (
        "correct_prediction_time",
        _("most correct, closest prediction, shortest time, earliest submission"),
    )
    PREDICTION = "correct_prediction", _("most correct, closest prediction, earliest submission")
    TIME = "correct_time", _("most correct, shortest time, earliest submission")
    EARLIEST = "correct_earliest", _("most correct, earliest submission")


class PredictionTarget(models.TextChoices):
    PARTICIPANTS = "participants", _("number of entrants in the round")
    ALL_CORRECT = "all_correct", _("number of entrants with every answer right")


class Contest(TimeStampedModel):
    """A contest run by an organising unit, with the rules every round follows."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    organiser = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="contests", verbose_name=_("organiser")
    )
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    questions_per_attempt = models.PositiveSmallIntegerField(_("questions per attempt"), default=10)
    time_limit_seconds = models.PositiveIntegerField(_("time limit (seconds)"), default=600)
    max_attempts = models.PositiveSmallIntegerField(_("attempts per round"), default=3)
    ranking_rule = models.CharField(
        _("ranking rule"),
        max_length=40,
        choices=RankingRule.choices,
        default=RankingRule.PREDICTION_TIME,
    )
    prediction_target = models.CharField(
        _("prediction question"),
        max_length=20,
        choices=PredictionTarget.choices,
        default=PredictionTarget.PARTICIPANTS,
    )
    prizes = models.JSONField(
        _("prizes per round"),
        default=list,
        blank=True,
        help_text=_("A list of {name, count}, best first."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=14)
    excluded_phones = models.TextField(
        _("organisers' phone numbers (excluded)"), blank=True, help_text=_("One per line.")
    )
    data_purpose = models.TextField(_("purpose of the personal data"))
    retention_until = models.DateField(_("personal data kept until"))

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(questions_per_attempt__gte=1), name="contest_has_questions"
            ),
            models.CheckConstraint(condition=Q(max_attempts__gte=1), name="contest_has_attempts"),
        ]

    def __str__(self) -> str:
        return self.title


class Round(models.Model):
    """A round (tuần thi, đợt thi) with its window; ``actual_figure`` is the real answer to
    the prediction question, set when the results are computed."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("contest")
    )
    number = models.PositiveSmallIntegerField(_("round number"))
    title = models.CharField(_("title"), max_length=255, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    questions: models.ManyToManyField[Question, Any] = models.ManyToManyField(
        "Question",
        blank=True,
        related_name="rounds",
        verbose_name=_("question pool"),
        help_text=_("Empty: every active question of the contest."),
    )
    actual_figure = models.PositiveIntegerField(_("actual figure"), null=True, blank=True)
    results_at = models.DateTimeField(_("results computed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="round_number_unique"),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="round_window"),
        ]

    def __str__(self) -> str:
        return self.title or f"Tuần {self.number}"


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("one correct answer")
        MULTIPLE = "multiple", _("one or more correct answers")

    class Difficulty(models.TextChoices):
        EASY = "easy", _("easy")
        MEDIUM = "medium", _("medium")
        HARD = "hard", _("hard")

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="questions", verbose_name=_("contest")
    )
    code = models.CharField(_("code"), max_length=32)
    text = models.TextField(_("question"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    source_document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source document"),
    )
    source_note = models.CharField(_("source"), max_length=255, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["contest", "code"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "code"], name="question_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:60]}"


class Option(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="option_position_unique")
        ]

    def __str__(self) -> str:
        return self.text


class Entrant(TimeStampedModel):
    """A person registered for a contest (thí sinh). Personal data is kept for the purpose
    and until the date the contest states (Nghị định 13/2023/NĐ-CP); erasing it keeps the
    unit and the attempts, so the unit statistics stay true."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="entrants", verbose_name=_("contest")
    )
    phone = models.CharField(_("phone number"), max_length=15, blank=True)
    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    name_folded = models.CharField(max_length=120, editable=False, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune or ward")
    )
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    is_excluded = models.BooleanField(_("excluded from prizes"), default=False)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("possibly the same person as"),
    )
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("entrant")
        verbose_name_plural = _("entrants")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "phone"],
                condition=Q(erased_at__isnull=True),
                name="entrant_phone_unique",
            )
        ]
        indexes = [models.Index(fields=["contest", "name_folded", "birth_year"])]

    def __str__(self) -> str:
        return self.full_name or f"#{self.pk}"


class Attempt(models.Model):
    """One sitting (lượt thi). ``paper`` holds the drawn questions and the order their
    options were shown in; the timestamps are the server's only."""

    class Status(models.TextChoices):
        OPEN = "open", _("in progress")
        SUBMITTED = "submitted", _("submitted")
        LATE = "late", _("submitted after the time limit")
        EXPIRED = "expired", _("not submitted")

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("round")
    )
    entrant = models.ForeignKey(
        Entrant, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("entrant")
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    paper = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)
    correct = models.PositiveSmallIntegerField(_("correct answers"), default=0)
    prediction = models.PositiveIntegerField(_("prediction"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("time taken (ms)"), null=True, blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entrant", "number"], name="attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["round", "entrant"],
                condition=Q(status="open"),
                name="attempt_one_open",
            ),
        ]
        indexes = [
            models.Index(fields=["round", "status"]),
            models.Index(fields=["round", "started_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.entrant_id}/{self.round_id}#{self.number}"


class Standing(models.Model):
    """An entrant's place in a round: their best attempt, computed when results are made."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="standings")
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="+")
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField(_("rank"))
    correct = models.PositiveSmallIntegerField(_("correct answers"))
    prediction_error = models.PositiveIntegerField(_("prediction off by"), null=True)
    duration_ms = models.PositiveIntegerField(_("time taken (ms)"))
    submitted_at = models.DateTimeField(_("submitted at"))
    prize = models.CharField(_("prize"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("standing")
        verbose_name_plural = _("standings")
        ordering = ["round", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["round", "rank"], name="standing_rank_unique"),
            models.UniqueConstraint(fields=["round", "entrant"], name="standing_entrant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.rank}"


class PhoneCode(models.Model):
    """A one-time code sent to a phone to register or sign in; only its hash is kept."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(max_length=15)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["contest", "phone", "created_at"])]

    def __str__(self) -> str:
        return self.phone


class QuestionReport(models.Model):
    """An entrant's report that a question is wrong or unclear."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="reports", verbose_name=_("question")
    )
    entrant = models.ForeignKey(Entrant, on_delete=models.SET_NULL, null=True, related_name="+")
    message = models.TextField(_("what is wrong"))
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("question report")
        verbose_name_plural = _("question reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message[:60]
