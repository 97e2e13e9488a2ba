"""Erasing an entrant's personal data: everything they gave or wrote goes, the audit entry
says so without naming them, and only the system or the organisers may do it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tuyengiao.contests.models import Entrant, PhoneCode, QuestionReport
from tuyengiao.contests.services import (
    contests_purge_expired,
    entrant_erase,
    question_report_create,
)
from tuyengiao.contests.tests.builders import add_questions, make_contest, make_entrant
from tuyengiao.contests.views.public import signing_value
from tuyengiao.core.actors import SYSTEM

PHONE = "0912345678"
NAME = "Nguyễn Thị Mai"
REPORT = "Phương án B và C của câu này giống hệt nhau."


@pytest.fixture
def entrant(city):
    contest = make_contest(city.city)
    (question,) = add_questions(contest, 1)
    entrant = make_entrant(contest, city.ward_a, PHONE, NAME, 1995)
    entrant.workplace = "Trường THCS Ánh Dương"
    entrant.save()
    PhoneCode.objects.create(contest=contest, phone=PHONE, code_hash="x", expires_at=timezone.now())
    question_report_create(entrant=entrant, question_id=question.pk, message=REPORT)
    return entrant


def _erasures() -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.filter(action="tuyengiao.contests.erase"))


def _assert_erased(entrant: Entrant) -> None:
    entrant.refresh_from_db()
    assert entrant.erased_at is not None
    assert (entrant.phone, entrant.full_name, entrant.name_folded, entrant.workplace) == (
        "",
        "",
        "",
        "",
    )
    assert entrant.birth_year is None
    assert not PhoneCode.objects.filter(phone=PHONE).exists()
    report = QuestionReport.objects.get()
    assert report.message == "", "the text the entrant wrote is kept"
    assert report.entrant == entrant


def _assert_nothing_personal(entry: ModelLogEntry) -> None:
    written = f"{entry.label} {entry.data}"
    for personal in (PHONE, NAME, "Nguyễn", "1995", "Ánh Dương", REPORT):
        assert personal not in written


def test_erasing_at_the_entrants_request_is_audited_without_personal_data(client, entrant) -> None:
    url = reverse("contests_public:my_data", args=[entrant.contest.slug])
    # The cookie the entrant's browser holds once their phone's code is confirmed.
    client.cookies[f"thisinh{entrant.contest.pk}"] = signing_value(entrant)
    client.post(url, {"action": "erase", "confirm": "1"})
    _assert_erased(entrant)
    (entry,) = _erasures()
    assert entry.user is None  # the platform, on the entrant's behalf
    assert entry.data["reason"] == "entrant_request"
    assert entry.object_id == str(entrant.pk)
    _assert_nothing_personal(entry)


def test_the_purge_erases_after_retention_and_audits_each_entrant(entrant) -> None:
    contest = entrant.contest
    assert contests_purge_expired(actor=SYSTEM, today=contest.retention_until) == 0
    day_after = contest.retention_until + timedelta(days=1)
    assert contests_purge_expired(actor=SYSTEM, today=day_after) == 1
    _assert_erased(entrant)
    (entry,) = _erasures()
    assert entry.data["reason"] == "retention_ended"
    _assert_nothing_personal(entry)


def test_the_purge_command_acts_as_the_system(entrant, time_machine) -> None:
    time_machine.move_to(entrant.contest.retention_until + timedelta(days=2))
    call_command("contests_purge", stdout=io.StringIO())
    _assert_erased(entrant)
    assert _erasures()[0].user is None


def test_a_possible_duplicate_link_to_an_erased_entrant_goes(city, entrant) -> None:
    twin = make_entrant(entrant.contest, city.ward_a, "0987654321", NAME, 1995)
    assert twin.duplicate_of == entrant
    entrant_erase(entrant=entrant, actor=SYSTEM, reason="entrant_request")
    twin.refresh_from_db()
    assert twin.duplicate_of is None


def test_only_an_organiser_may_erase(entrant, ward_officer_a, city_specialist) -> None:
    with pytest.raises(PermissionDenied):
        entrant_erase(entrant=entrant, actor=ward_officer_a, reason="entrant_request")
    assert Entrant.objects.get().erased_at is None
    entrant_erase(entrant=entrant, actor=city_specialist, reason="entrant_request")
    _assert_erased(entrant)
    assert _erasures()[0].user == city_specialist


def test_organisers_see_the_report_without_its_erased_text(client, entrant, city_specialist):
    entrant_erase(entrant=entrant, actor=SYSTEM, reason="entrant_request")
    client.force_login(city_specialist)
    page = client.get(reverse("contests:detail", args=[entrant.contest.pk])).content.decode()
    assert REPORT not in page
    assert "Đã xóa cùng dữ liệu cá nhân" in page or "Erased with the entrant" in page
