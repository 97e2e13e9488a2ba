"""One-time codes: sent by a task after the request commits, never in clear in a log or in
the task queue."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tuyengiao.contests.models import Entrant, PhoneCode
from tuyengiao.contests.senders import mask_phone
from tuyengiao.contests.services import _code_hash, code_verify, phone_code_deliver
from tuyengiao.contests.tests.builders import (
    RecordingSender,
    add_questions,
    make_contest,
    make_round,
)

PHONE = "0912345678"
MASKED = "09******78"


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.CONTESTS_MIN_FORM_SECONDS = 0
    RecordingSender.sent.clear()


@pytest.fixture
def contest(city):
    contest = make_contest(city.city, questions_per_attempt=3)
    add_questions(contest, 3)
    make_round(contest)
    return contest


def _issued(client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="issued" value="([^"]+)"', page).group(1)


def ask_for_code(client, contest, phone: str = PHONE):
    url = reverse("contests_public:register", args=[contest.slug])
    return client.post(url, {"phone": phone, "issued": _issued(client, url), "website": ""})


def _logged(caplog) -> str:
    """Every record's message and arguments, as a log handler could write them."""
    parts = [caplog.text]
    for record in caplog.records:
        parts += [record.getMessage(), repr(record.args), record.exc_text or ""]
    return "\n".join(parts)


def test_mask_phone_keeps_two_digits_at_each_end() -> None:
    assert mask_phone(PHONE) == MASKED
    assert mask_phone("123") == "***"


def test_the_code_leaves_after_commit_through_a_task(
    client, contest, settings, django_capture_on_commit_callbacks
) -> None:
    """The request only records the request; the code is drawn and sent once it commits."""
    settings.CONTESTS_CODE_SENDER = "tuyengiao.contests.tests.builders.RecordingSender"
    with django_capture_on_commit_callbacks() as callbacks:
        response = ask_for_code(client, contest)
        assert response.status_code == 302
        assert not RecordingSender.sent, "sent inside the request, before commit"
        assert PhoneCode.objects.get().code_hash == ""
    for callback in callbacks:
        callback()
    assert [phone for phone, _message in RecordingSender.sent] == [PHONE]
    code = RecordingSender.last_code(PHONE)
    assert PhoneCode.objects.get().code_hash == _code_hash(PHONE, code)


def test_the_queued_task_holds_neither_phone_nor_code(
    client, contest, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_code(client, contest)
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs == {"args": [PhoneCode.objects.get().pk], "kwargs": {}}


def test_a_task_run_twice_sends_one_code(contest, settings) -> None:
    settings.CONTESTS_CODE_SENDER = "tuyengiao.contests.tests.builders.RecordingSender"
    pending = PhoneCode.objects.create(
        contest=contest, phone=PHONE, code_hash="", expires_at=timezone.now() + timedelta(hours=1)
    )
    assert phone_code_deliver(phone_code_id=pending.pk)
    assert not phone_code_deliver(phone_code_id=pending.pk)
    assert len(RecordingSender.sent) == 1


def test_a_code_not_yet_sent_does_not_hide_the_one_sent_before(
    client, contest, settings, django_capture_on_commit_callbacks
) -> None:
    settings.CONTESTS_CODE_SENDER = "tuyengiao.contests.tests.builders.RecordingSender"
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_code(client, contest)
    received = RecordingSender.last_code(PHONE)
    with django_capture_on_commit_callbacks():  # the second request's task has not run yet
        ask_for_code(client, contest)
    assert code_verify(contest=contest, phone=PHONE, code=received)


def test_registering_logs_neither_the_phone_nor_the_code(
    client, contest, city, settings, caplog, django_capture_on_commit_callbacks
) -> None:
    """The whole registration, with every logger at DEBUG: the number and the code never
    appear in a log record, in any of the forms an entrant may type the number."""
    settings.CONTESTS_CODE_SENDER = "tuyengiao.contests.tests.builders.RecordingSender"
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_code(client, contest, "+84 912 345 678")
    code = RecordingSender.last_code(PHONE)
    response = client.post(
        reverse("contests_public:verify", args=[contest.slug]),
        {
            "code": code,
            "full_name": "Nguyễn Thị Mai",
            "birth_year": 1995,
            "unit": city.ward_a.pk,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert Entrant.objects.get().phone == PHONE
    logged = _logged(caplog)
    assert caplog.records, "nothing was captured: the check would prove nothing"
    for secret in (PHONE, "912345678", "912 345 678", code):
        assert secret not in logged


def test_the_default_sender_logs_only_the_masked_number(
    client, contest, settings, caplog, django_capture_on_commit_callbacks
) -> None:
    """Without a gateway the log says a code was not sent, to whom (masked), never which."""
    settings.DEBUG = False  # a server: no CONTESTS_CODE_SENDER set, no outbox
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_code(client, contest)
    logged = _logged(caplog)
    assert MASKED in logged
    assert PHONE not in logged
    stored = PhoneCode.objects.get().code_hash
    for digits in re.findall(r"\d{6}", logged):
        assert _code_hash(PHONE, digits) != stored, "the code is in the log"


def test_the_outbox_holds_the_message_and_the_log_only_the_masked_number(
    client, contest, settings, caplog, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.CONTESTS_CODE_SENDER = "tuyengiao.contests.senders.OutboxSender"
    settings.CONTESTS_CODE_OUTBOX = tmp_path
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_code(client, contest)
    (written,) = tmp_path.iterdir()
    text = written.read_text(encoding="utf-8")
    code = re.search(r": (\d{6}) ", text).group(1)
    assert PHONE in text
    assert _code_hash(PHONE, code) == PhoneCode.objects.get().code_hash
    logged = _logged(caplog)
    assert MASKED in logged
    assert PHONE not in logged
    assert code not in logged
