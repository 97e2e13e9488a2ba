"""The entrant's pages: registration with a one-time code, an attempt, personal data."""

from __future__ import annotations

import json
import re

import pytest
from django.test import TestCase
from django.urls import reverse

from tuyengiao.contests import live
from tuyengiao.contests.models import Attempt, Entrant, Option, PhoneCode, QuestionReport
from tuyengiao.contests.services import normalize_phone
from tuyengiao.contests.tests.builders import (
    RecordingSender,
    add_questions,
    make_contest,
    make_entrant,
    make_round,
)

PHONE = "0912345678"


@pytest.fixture(autouse=True)
def sender(settings):
    settings.CONTESTS_CODE_SENDER = "tuyengiao.contests.tests.builders.RecordingSender"
    settings.CONTESTS_MIN_FORM_SECONDS = 0
    RecordingSender.sent.clear()
    return RecordingSender


@pytest.fixture
def contest(city):
    contest = make_contest(city.city, questions_per_attempt=3)
    add_questions(contest, 6)
    make_round(contest)
    return contest


def _form_token(client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="issued" value="([^"]+)"', page).group(1)


def ask_for_code(client, contest, phone: str = PHONE):
    """Ask for a code as an entrant does; the code leaves once the request has committed."""
    url = reverse("contests_public:register", args=[contest.slug])
    issued = _form_token(client, url)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, {"phone": phone, "issued": issued, "website": ""})


def register(client, contest, city, phone: str = PHONE, **details):
    response = ask_for_code(client, contest, phone)
    assert response.status_code == 302, response.content.decode()[:2000]
    data = {
        "code": RecordingSender.last_code(normalize_phone(phone)),
        "full_name": "Nguyễn Thị Mai",
        "birth_year": 1995,
        "unit": city.ward_a.pk,
        "workplace": "Trường THCS Ánh Dương",
        "consent": "on",
        **details,
    }
    return client.post(reverse("contests_public:verify", args=[contest.slug]), data)


def test_registration_with_a_code_signs_the_entrant_in(client, contest, city) -> None:
    response = register(client, contest, city, phone="+84 912 345 678")
    assert response.status_code == 302
    entrant = Entrant.objects.get(contest=contest)
    assert (entrant.phone, entrant.full_name, entrant.unit) == (
        PHONE,
        "Nguyễn Thị Mai",
        city.ward_a,
    )
    assert entrant.consent_at is not None
    page = client.get(reverse("contests_public:contest", args=[contest.slug])).content.decode()
    assert ("Nguyễn Thị Mai" in page and "Bắt đầu" in page) or "Start an attempt" in page


def test_a_wrong_code_registers_nobody(client, contest, city) -> None:
    response = register(client, contest, city, code="000000")
    if RecordingSender.last_code(PHONE) == "000000":  # one chance in a million
        return
    assert response.status_code == 200
    assert not Entrant.objects.exists()
    assert PhoneCode.objects.get().tries == 1


def test_eligibility_and_consent_are_checked(client, contest, city) -> None:
    response = register(client, contest, city, birth_year=2020, consent="")
    body = response.content.decode()
    assert "14 tuổi" in body
    assert not Entrant.objects.exists()


def test_organisers_are_excluded(client, city) -> None:
    contest = make_contest(city.city, slug="btc", excluded_phones="0912 345 678")
    url = reverse("contests_public:register", args=[contest.slug])
    issued = _form_token(client, url)
    response = client.post(url, {"phone": PHONE, "issued": issued})
    assert "ban tổ chức" in response.content.decode()
    assert not RecordingSender.sent


def test_the_bot_check_refuses_a_filled_trap_or_a_too_fast_form(client, contest, settings) -> None:
    url = reverse("contests_public:register", args=[contest.slug])
    issued = _form_token(client, url)
    client.post(url, {"phone": PHONE, "issued": issued, "website": "http://spam"})
    settings.CONTESTS_MIN_FORM_SECONDS = 30
    client.post(url, {"phone": PHONE, "issued": issued})
    client.post(url, {"phone": PHONE, "issued": "forged"})
    assert not RecordingSender.sent
    assert not PhoneCode.objects.exists()


def test_codes_are_rate_limited_per_phone(client, contest, settings) -> None:
    settings.CONTESTS_CODES_PER_PHONE_HOUR = 2
    url = reverse("contests_public:register", args=[contest.slug])
    for _ in range(3):
        response = client.post(url, {"phone": PHONE, "issued": _form_token(client, url)})
    assert "quá nhiều mã" in response.content.decode()
    assert PhoneCode.objects.count() == 2


def test_a_duplicate_identity_is_flagged(contest, city) -> None:
    first = make_entrant(contest, city.ward_a, "0911111111", "Trần Văn Nam", 1980)
    second = make_entrant(contest, city.ward_a, "0922222222", "TRẦN VĂN NAM", 1980)
    other = make_entrant(contest, city.ward_a, "0933333333", "Trần Văn Nam", 1981)
    assert second.duplicate_of == first
    assert other.duplicate_of is None


def test_an_attempt_never_sends_the_answer_key(client, contest, city) -> None:
    register(client, contest, city)
    round_ = contest.rounds.get()
    response = client.post(reverse("contests_public:start", args=[contest.slug, round_.number]))
    attempt = Attempt.objects.get()
    assert response["Location"] == reverse(
        "contests_public:attempt", args=[contest.slug, attempt.token]
    )
    page = client.get(response["Location"]).content.decode()
    for option in Option.objects.filter(question_id__in=[i["q"] for i in attempt.paper]):
        assert option.text in page
    assert "is_correct" not in page
    assert "correct" not in page.lower()
    shown = [int(v) for v in re.findall(r'name="q\d+" value="(\d+)"', page)]
    assert shown == [pk for item in attempt.paper for pk in item["o"]]


def test_taking_and_submitting_an_attempt(client, contest, city) -> None:
    register(client, contest, city)
    round_ = contest.rounds.get()
    url = client.post(reverse("contests_public:start", args=[contest.slug, 1]))["Location"]
    attempt = Attempt.objects.get()
    data = {"prediction": "1.250"}
    for item in attempt.paper:
        right = Option.objects.filter(question_id=item["q"], is_correct=True)
        data[f"q{item['q']}"] = [str(pk) for pk in right.values_list("pk", flat=True)]
    response = client.post(url, data)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct, attempt.prediction) == ("submitted", 3, 1250)
    result = client.get(url).content.decode()
    assert "3/3" in result
    again = client.post(url, {"prediction": "5"})
    assert again.status_code == 302
    attempt.refresh_from_db()
    assert attempt.prediction == 1250
    assert round_.attempts.count() == 1


def test_a_submission_without_prediction_is_sent_back(client, contest, city) -> None:
    register(client, contest, city)
    url = client.post(reverse("contests_public:start", args=[contest.slug, 1]))["Location"]
    response = client.post(url, {}, follow=True)
    assert "dự đoán" in response.content.decode()
    assert Attempt.objects.get().status == "open"


def test_someone_else_cannot_open_my_attempt(client, contest, city) -> None:
    register(client, contest, city)
    url = client.post(reverse("contests_public:start", args=[contest.slug, 1]))["Location"]
    client.cookies.clear()
    assert client.get(url).status_code == 404
    assert client.post(url, {"prediction": "3"}).status_code == 404
    assert Attempt.objects.get().status == "open"


def test_hot_pages_use_few_queries(client, contest, city, django_assert_max_num_queries) -> None:
    """Starting reads the contest, entrant and round and writes the attempt; the paper and
    the submission read the attempt and pool from the cache (the pool was built once)."""
    register(client, contest, city)
    live.round_pool(contest.rounds.get())
    start = reverse("contests_public:start", args=[contest.slug, 1])
    with django_assert_max_num_queries(11):
        url = client.post(start)["Location"]
    with django_assert_max_num_queries(4):
        client.get(url)
    with django_assert_max_num_queries(4):
        client.post(url, {"prediction": "3"})


def test_reporting_a_faulty_question(client, contest, city) -> None:
    register(client, contest, city)
    question = contest.questions.first()
    client.post(
        reverse("contests_public:report", args=[contest.slug]),
        {"question": question.pk, "message": "Phương án B và C giống nhau."},
    )
    report = QuestionReport.objects.get()
    assert report.question == question
    assert report.entrant.full_name == "Nguyễn Thị Mai"


def test_personal_data_export_and_erasure(client, contest, city) -> None:
    register(client, contest, city)
    url = reverse("contests_public:my_data", args=[contest.slug])
    exported = client.post(url, {"action": "export"})
    data = json.loads(exported.content)
    assert data["so_dien_thoai"] == PHONE
    assert data["ho_ten"] == "Nguyễn Thị Mai"
    assert data["dong_y"]["muc_dich"] == contest.data_purpose
    client.post(url, {"action": "erase"})
    assert Entrant.objects.get().erased_at is None, "erased without the confirmation box"
    client.post(url, {"action": "erase", "confirm": "1"})
    entrant = Entrant.objects.get()
    assert entrant.erased_at
    assert not entrant.phone
    assert not entrant.full_name
    assert entrant.unit == city.ward_a
    assert client.get(url).status_code == 302
