"""The entrant's pages under /cuoc-thi/: small server-rendered pages that work on a slow
phone connection without scripts.

An entrant is recognised by a signed cookie of their own (set once their phone's one-time code
is confirmed), not by a staff session; the answer key never leaves the server.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from tuyengiao.contests import live
from tuyengiao.contests.forms import PhoneForm, ReportForm, VerifyForm
from tuyengiao.contests.models import Attempt, Contest, Entrant
from tuyengiao.contests.selectors import (
    PUBLICATION_NOTICE,
    current_round,
    entrant_data,
    public_contest,
    public_round,
    public_winners,
    published_contests,
    registration_units,
    unit_statistics,
)
from tuyengiao.contests.services import (
    OpenAttemptExists,
    Refused,
    attempt_start,
    attempt_submit,
    code_send,
    code_verify,
    entrant_erase,
    entrant_for_phone,
    entrant_register,
    normalize_phone,
    question_report_create,
)
from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.clientip import client_ip
from tuyengiao.orgs.models import Unit

ENTRANT_SALT = "tuyengiao.contests.entrant"
PHONE_SALT = "tuyengiao.contests.phone"
ENTRANT_DAYS = 60


def _cookie(contest: Contest) -> str:
    return f"thisinh{contest.pk}"


def entrant_id(request: HttpRequest, contest: Contest) -> int | None:
    """The entrant this browser signed in as for ``contest`` (no database query)."""
    value = request.get_signed_cookie(
        _cookie(contest), default=None, salt=ENTRANT_SALT, max_age=ENTRANT_DAYS * 86400
    )
    return int(value) if value and value.isdigit() else None


def current_entrant(request: HttpRequest, contest: Contest) -> Entrant | None:
    pk = entrant_id(request, contest)
    if pk is None:
        return None
    return Entrant.objects.filter(pk=pk, contest=contest, erased_at__isnull=True).first()


def sign_in(response: HttpResponse, contest: Contest, entrant: Entrant) -> HttpResponse:
    response.set_signed_cookie(
        _cookie(contest),
        str(entrant.pk),
        salt=ENTRANT_SALT,
        max_age=ENTRANT_DAYS * 86400,
        httponly=True,
        samesite="Lax",
    )
    return response


def _address(request: HttpRequest) -> str:
    # The address seen by the outermost trusted proxy, so that limits are per person.
    return client_ip(request)


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "contests/public/index.html", {"contests": published_contests()})


def contest_page(request: HttpRequest, slug: str) -> HttpResponse:
    contest = public_contest(slug)
    entrant = current_entrant(request, contest)
    round_ = current_round(contest)
    attempts = []
    if entrant and round_:
        attempts = list(entrant.attempts.filter(round=round_).order_by("number"))
    return render(
        request,
        "contests/public/contest.html",
        {
            "contest": contest,
            "entrant": entrant,
            "round": round_,
            "rounds": contest.rounds.all(),
            "attempts": attempts,
            "attempts_left": max(contest.max_attempts - len(attempts), 0),
            "prizes": contest.prizes,
        },
    )


@sensitive_post_parameters("phone")
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 1: the phone number; a one-time code is sent to it (by a task, after commit)."""
    contest = public_contest(slug)
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code_send(contest=contest, phone=form.cleaned_data["phone"], address=_address(request))
        except ValidationError as error:
            form.add_error("phone", error.message_dict.get("phone", error.messages))
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            phone = normalize_phone(form.cleaned_data["phone"])
            response = redirect("contests_public:verify", slug=contest.slug)
            response.set_signed_cookie(
                "thisinh_sdt", phone, salt=PHONE_SALT, max_age=900, httponly=True, samesite="Lax"
            )
            return response
    return render(request, "contests/public/register.html", {"contest": contest, "form": form})


@sensitive_post_parameters("code", "full_name", "birth_year", "workplace")
def verify(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 2: the code; a new entrant also gives their details and consent."""
    contest = public_contest(slug)
    phone = request.get_signed_cookie("thisinh_sdt", default=None, salt=PHONE_SALT, max_age=900)
    if not phone:
        return redirect("contests_public:register", slug=contest.slug)
    known = entrant_for_phone(contest, phone)
    units = registration_units(contest)
    form = VerifyForm(request.POST or None, units=units, new=known is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not code_verify(contest=contest, phone=phone, code=data["code"]):
            form.add_error("code", _("The confirmation code is wrong or has expired."))
        else:
            try:
                entrant = known or entrant_register(
                    contest=contest,
                    phone=phone,
                    full_name=data["full_name"],
                    birth_year=data["birth_year"],
                    unit=Unit.objects.get(pk=data["unit"]),
                    allowed_units={pk for pk, _name in units},
                    consent=data["consent"],
                    workplace=data.get("workplace", ""),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                response = redirect("contests_public:contest", slug=contest.slug)
                response.delete_cookie("thisinh_sdt")
                return sign_in(response, contest, entrant)
    return render(
        request,
        "contests/public/verify.html",
        {
            "contest": contest,
            "form": form,
            "phone": phone,
            "new": known is None,
            "publication_notice": PUBLICATION_NOTICE,
        },
    )


@require_POST
def start(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    contest = public_contest(slug)
    entrant = current_entrant(request, contest)
    if entrant is None:
        return redirect("contests_public:register", slug=contest.slug)
    round_ = public_round(contest, number)
    try:
        attempt = attempt_start(entrant=entrant, round_=round_)
    except OpenAttemptExists as open_one:
        attempt = open_one.attempt
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("contests_public:contest", slug=contest.slug)
    return redirect("contests_public:attempt", slug=contest.slug, token=attempt.token)


def _answers(post: Any, attempt: Attempt) -> dict[int, list[int]]:
    answers: dict[int, list[int]] = {}
    for item in attempt.paper:
        chosen = [int(v) for v in post.getlist(f"q{item['q']}") if v.isdigit()]
        answers[item["q"]] = [v for v in chosen if v in item["o"]]
    return answers


def paper_html(attempt: Attempt, pool: dict[int, live.PoolQuestion]) -> str:
    """The questions of ``attempt`` as form fields, options in the order drawn.

    This is the page every entrant loads at round open: it is built with ``format_html``
    rather than a template loop, several times faster for the same markup.
    """
    parts = []
    for number, item in enumerate(attempt.paper, start=1):
        question = pool.get(item["q"])
        if question is None:
            continue
        multiple = question.kind == "multiple"
        kind = "checkbox" if multiple else "radio"
        hint = format_html(" <small>({})</small>", _("one or more answers")) if multiple else ""
        options = format_html_join(
            "",
            '<label class="option"><input type="{}" name="q{}" value="{}"> <span>{}</span></label>',
            ((kind, question.id, pk, question.options[pk]) for pk in item["o"]),
        )
        parts.append(
            format_html(
                "<fieldset><legend>{} {}. {}{}</legend>{}</fieldset>",
                _("Question"),
                number,
                question.text,
                hint,
                options,
            )
        )
    return mark_safe("".join(parts))  # every part went through format_html


def attempt_page(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """GET: the paper while the attempt is open, its result once closed. POST: submit."""
    contest = public_contest(slug)
    me = entrant_id(request, contest)
    attempt = live.open_attempt(str(token))
    if attempt is None or me is None or attempt.entrant_id != me:
        raise Http404(_("Attempt not found."))
    if request.method == "POST":
        raw = request.POST.get("prediction", "").strip().replace(".", "")
        prediction = int(raw) if raw.isdigit() and len(raw) < 10 else None
        if prediction is None and attempt.status == Attempt.Status.OPEN:
            messages.error(request, _("Please answer the prediction question (a number)."))
        else:
            try:
                attempt_submit(
                    attempt=attempt,
                    entrant_id=me,
                    answers=_answers(request.POST, attempt),
                    prediction=prediction,
                )
            except Refused as refusal:
                messages.error(request, str(refusal))
            return redirect("contests_public:attempt", slug=contest.slug, token=attempt.token)
    if attempt.status == Attempt.Status.OPEN and attempt.deadline > timezone.now():
        paper = paper_html(attempt, live.round_pool(attempt.round))
        seconds_left = int((attempt.deadline - timezone.now()).total_seconds())
        return render(
            request,
            "contests/public/attempt.html",
            {
                "contest": contest,
                "attempt": attempt,
                "paper": paper,
                "seconds_left": seconds_left,
            },
        )
    if attempt.status == Attempt.Status.OPEN:  # time is up and nothing was sent
        attempt = Attempt.objects.select_related("round").get(pk=attempt.pk)
    pool = live.round_pool(attempt.round)
    return render(
        request,
        "contests/public/result.html",
        {
            "contest": contest,
            "attempt": attempt,
            "total": len(attempt.paper),
            "questions": [pool[item["q"]] for item in attempt.paper if item["q"] in pool],
            "report_form": ReportForm(),
        },
    )


@require_POST
def report(request: HttpRequest, slug: str) -> HttpResponse:
    contest = public_contest(slug)
    entrant = current_entrant(request, contest)
    form = ReportForm(request.POST)
    if entrant is None or not form.is_valid():
        messages.error(request, _("The report could not be sent."))
    else:
        try:
            question_report_create(
                entrant=entrant,
                question_id=form.cleaned_data["question"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Thank you, the organisers will look at the question again.")
            )
    return redirect(_next_on_this_site(request, reverse("contests_public:contest", args=[slug])))


def _next_on_this_site(request: HttpRequest, fallback: str) -> str:
    """The ``next`` the form sent, unless it leads off this site (an open redirect a link
    could use to send an entrant from our page to a look-alike one)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else fallback


def results(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    contest = public_contest(slug)
    round_ = public_round(contest, number)
    return render(
        request,
        "contests/public/results.html",
        {
            "contest": contest,
            "round": round_,
            "winners": public_winners(round_),
            "figures": unit_statistics(contest, round_)[:30] if round_.results_at else [],
        },
    )


def my_data(request: HttpRequest, slug: str) -> HttpResponse:
    """The entrant's personal data: what is kept, why and until when; take it away or erase
    it (Nghị định 13/2023/NĐ-CP)."""
    contest = public_contest(slug)
    entrant = current_entrant(request, contest)
    if entrant is None:
        return redirect("contests_public:register", slug=contest.slug)
    data = entrant_data(entrant)
    if request.method == "POST" and request.POST.get("action") == "export":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="du-lieu-ca-nhan.json"'
        return response
    if request.method == "POST" and request.POST.get("action") == "erase":
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Please tick the confirmation box before erasing."))
        else:
            # The entrant is recognised by their signed cookie; the platform erases for them.
            entrant_erase(entrant=entrant, actor=SYSTEM, reason="entrant_request")
            messages.success(request, _("Your personal data has been erased."))
            response = redirect("contests_public:contest", slug=contest.slug)
            response.delete_cookie(_cookie(contest))
            return response
    return render(
        request,
        "contests/public/my_data.html",
        {
            "contest": contest,
            "entrant": entrant,
            "data": data,
            "publication_notice": PUBLICATION_NOTICE,
        },
    )


def signing_value(entrant: Entrant) -> str:
    """The cookie value that signs ``entrant`` in (for load tests and scripts that run
    the platform's own flows)."""
    return signing.get_cookie_signer(salt=_cookie(entrant.contest) + ENTRANT_SALT).sign(
        str(entrant.pk)
    )
