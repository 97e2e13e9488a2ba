"""Entrants' personal data in the contests (Nghị định 13/2023/NĐ-CP).

- Who the entrants are (name, year of birth, workplace, phone) leaves the platform in a
  results workbook only for the organisers; a viewer of the same unit gets the ranking
  without those columns.
- The entrant's own download holds everything kept about them; a test over the models fails
  when a field is added without being exported.
- The public results page shows exactly what the consent text announced.
- The question-report form does not redirect off the site.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from tuyengiao.contests.models import Attempt, Entrant, QuestionReport, Standing
from tuyengiao.contests.selectors import PUBLICATION_NOTICE
from tuyengiao.contests.senders import mask_phone
from tuyengiao.contests.services import attempt_start, attempt_submit, round_compute_results
from tuyengiao.contests.tests.builders import (
    RecordingSender,
    add_questions,
    make_contest,
    make_entrant,
    make_round,
    right_answers,
)
from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.tests.personas import person

PHONE = "0912345678"
NAME = "Nguyễn Thị Mai"
BIRTH_YEAR = 1995
WORKPLACE = "Trường THCS Ánh Dương"
REPORT = "Phương án B và C giống nhau."
PREDICTION = 2
PERSONAL_HEADERS = ("Họ và tên", "Năm sinh", "Nơi công tác", "Số điện thoại")


@pytest.fixture(autouse=True)
def sender(settings):
    """Codes recorded instead of sent; rate limits and cached pools start empty."""
    settings.CONTESTS_CODE_SENDER = "tuyengiao.contests.tests.builders.RecordingSender"
    settings.CONTESTS_MIN_FORM_SECONDS = 0
    RecordingSender.sent.clear()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def contest(city):
    contest = make_contest(city.city, questions_per_attempt=3)
    add_questions(contest, 6)
    make_round(contest, opens_at=timezone.now() - timedelta(days=2))
    return contest


def ask_for_code(client, contest) -> None:
    url = reverse("contests_public:register", args=[contest.slug])
    page = client.get(url).content.decode()
    issued = page.split('name="issued" value="', 1)[1].split('"', 1)[0]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"phone": PHONE, "issued": issued, "website": ""})
    assert response.status_code == 302


def register(client, contest, city) -> Entrant:
    """Register through the public pages: the code, the details, consent."""
    ask_for_code(client, contest)
    response = client.post(
        reverse("contests_public:verify", args=[contest.slug]),
        {
            "code": RecordingSender.last_code(PHONE),
            "full_name": NAME,
            "birth_year": BIRTH_YEAR,
            "unit": city.ward_a.pk,
            "workplace": WORKPLACE,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    return Entrant.objects.get(contest=contest, phone=PHONE)


def finish_round(contest) -> None:
    round_ = contest.rounds.get()
    round_.closes_at = timezone.now() - timedelta(seconds=1)
    round_.save()
    round_compute_results(round_=round_, actor=SYSTEM)


@pytest.fixture
def winner(client, contest, city) -> Entrant:
    """An entrant who registered, answered everything right, reported a question and won
    the first prize; another entrant of ward B came second."""
    entrant = register(client, contest, city)
    round_ = contest.rounds.get()
    attempt = attempt_start(entrant=entrant, round_=round_)
    attempt_submit(
        attempt=attempt,
        entrant_id=entrant.pk,
        answers=right_answers(attempt),
        prediction=PREDICTION,
    )
    client.post(
        reverse("contests_public:report", args=[contest.slug]),
        {"question": attempt.paper[0]["q"], "message": REPORT},
    )
    other = make_entrant(contest, city.ward_b, "0987654321", "Trần Văn Bình", 1980)
    second = attempt_start(entrant=other, round_=round_)
    attempt_submit(attempt=second, entrant_id=other.pk, answers={}, prediction=9)
    finish_round(contest)
    return entrant


# --- Exports: organisers only -----------------------------------------------------------------


def ranking_sheet(client, contest) -> list[tuple[object, ...]]:
    response = client.get(reverse("contests:export", args=[contest.rounds.get().pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    return list(book["Xếp hạng"].iter_rows(values_only=True))


@pytest.mark.parametrize("role_code", ["system_admin", "leader", "specialist"])
def test_organisers_export_who_the_entrants_are(client, city, winner, role_code) -> None:
    client.force_login(person("nguoi.tochuc", "Người tổ chức", city.city, role_code))
    rows = ranking_sheet(client, winner.contest)
    header = rows[0]
    assert set(PERSONAL_HEADERS) <= set(header)
    first = dict(zip(header, rows[1], strict=True))
    assert (first["Họ và tên"], first["Số điện thoại"]) == (NAME, PHONE)
    assert (first["Năm sinh"], first["Nơi công tác"]) == (BIRTH_YEAR, WORKPLACE)


@pytest.mark.parametrize("role_code", ["viewer", "reporter", "portal_editor"])
def test_other_roles_export_results_without_personal_columns(
    client, city, winner, role_code
) -> None:
    """A viewer (or any role that may not manage the unit's contests) sees the round but
    downloads the ranking without names, years of birth, workplaces or phones."""
    client.force_login(person("nguoi.xem", "Người theo dõi", city.city, role_code))
    rows = ranking_sheet(client, winner.contest)
    assert not set(PERSONAL_HEADERS) & set(rows[0])
    cells = {str(value) for row in rows for value in row}
    assert not {PHONE, "0987654321", NAME, "Trần Văn Bình", str(BIRTH_YEAR), WORKPLACE} & cells
    assert rows[1][:2] == (1, "Giải Nhất")
    page = client.get(reverse("contests:results", args=[winner.contest.rounds.get().pk]))
    assert page.status_code == 200
    assert NAME not in page.content.decode()


def test_the_organisers_results_page_names_the_entrants(client, city, winner) -> None:
    client.force_login(person("nguoi.tochuc", "Người tổ chức", city.city, "specialist"))
    page = client.get(reverse("contests:results", args=[winner.contest.rounds.get().pk]))
    assert NAME in page.content.decode()


def test_a_ward_officer_outside_the_organiser_gets_nothing(client, winner, ward_officer_a) -> None:
    client.force_login(ward_officer_a)
    url = reverse("contests:export", args=[winner.contest.rounds.get().pk])
    assert client.get(url).status_code == 404


def test_anonymous_people_cannot_export(client, winner) -> None:
    url = reverse("contests:export", args=[winner.contest.rounds.get().pk])
    response = client.get(url)
    assert response.status_code in (302, 403, 404)
    assert PHONE.encode() not in response.content


# --- The entrant's own download ---------------------------------------------------------------


def my_data(client, contest) -> dict:
    response = client.post(
        reverse("contests_public:my_data", args=[contest.slug]), {"action": "export"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return json.loads(response.content)


def test_the_download_holds_everything_kept_about_the_entrant(client, city, winner) -> None:
    data = my_data(client, winner.contest)
    winner.refresh_from_db()
    # Registration.
    assert data["so_dien_thoai"] == PHONE
    assert (data["ho_ten"], data["nam_sinh"], data["noi_cong_tac"]) == (NAME, 1995, WORKPLACE)
    assert data["xa_phuong"] == "Đảng ủy phường Ánh Dương"
    assert data["dang_ky_luc"] == timezone.localtime(winner.created_at).isoformat()
    assert data["cap_nhat_luc"] == timezone.localtime(winner.updated_at).isoformat()
    assert data["loai_khoi_giai"] is False
    assert data["co_the_trung_nguoi_khac"] is False
    # Consent: when, for what, until when, and what is published.
    consent = data["dong_y"]
    assert consent["dong_y_luc"] == timezone.localtime(winner.consent_at).isoformat()
    assert consent["muc_dich"] == winner.contest.data_purpose
    assert consent["luu_den"] == winner.contest.retention_until.isoformat()
    with translation.override("vi"):
        assert consent["cong_bo_ket_qua"] == str(PUBLICATION_NOTICE)
    # The code sent to the phone (its time, never the code).
    assert len(data["ma_xac_nhan_da_gui"]) == 1
    assert data["ma_xac_nhan_da_gui"][0]["da_dung_luc"]
    # The attempt: score, prediction, time, and every answer given.
    attempt = Attempt.objects.get(entrant=winner)
    (sitting,) = data["luot_thi"]
    assert (sitting["tuan"], sitting["lan"], sitting["so_cau_dung"]) == (1, 1, 3)
    assert sitting["du_doan"] == PREDICTION
    assert sitting["thoi_gian_ms"] == attempt.duration_ms
    assert sitting["bat_dau"]
    assert sitting["han_nop"]
    assert sitting["nop_bai"]
    assert sitting["trang_thai"]
    assert len(sitting["tra_loi"]) == 3
    for item, answer in zip(attempt.paper, sitting["tra_loi"], strict=True):
        assert answer["cau_hoi"].startswith("Câu hỏi số")
        assert len(answer["phuong_an"]) == len(item["o"])
        assert answer["da_chon"]
        assert set(answer["da_chon"]) <= set(answer["phuong_an"])
    # The standing and the prize.
    assert data["xep_hang"] == [
        {
            "tuan": 1,
            "hang": 1,
            "giai": "Giải Nhất",
            "so_cau_dung": 3,
            "du_doan_lech": Standing.objects.get(entrant=winner).prediction_error,
            "thoi_gian_ms": attempt.duration_ms,
        }
    ]
    # The question report they wrote.
    (report,) = data["bao_loi_cau_hoi"]
    assert report["noi_dung"] == REPORT
    assert report["cau_hoi"].startswith("Câu hỏi số")
    assert report["gui_luc"]


# Each stored field about an entrant, and where the download carries it; fields that are
# not about the person (keys, links, internal copies) are listed as such.
EXPORTED_FIELDS = {
    Entrant: {
        "phone": "so_dien_thoai",
        "full_name": "ho_ten",
        "birth_year": "nam_sinh",
        "unit": "xa_phuong",
        "workplace": "noi_cong_tac",
        "consent_at": "dong_y.dong_y_luc",
        "is_excluded": "loai_khoi_giai",
        "duplicate_of": "co_the_trung_nguoi_khac",
        "created_at": "dang_ky_luc",
        "updated_at": "cap_nhat_luc",
    },
    Attempt: {
        "round": "tuan",
        "number": "lan",
        "status": "trang_thai",
        "started_at": "bat_dau",
        "deadline": "han_nop",
        "submitted_at": "nop_bai",
        "paper": "tra_loi",
        "answers": "tra_loi",
        "correct": "so_cau_dung",
        "prediction": "du_doan",
        "duration_ms": "thoi_gian_ms",
    },
    Standing: {
        "round": "tuan",
        "rank": "hang",
        "prize": "giai",
        "correct": "so_cau_dung",
        "prediction_error": "du_doan_lech",
        "duration_ms": "thoi_gian_ms",
    },
    QuestionReport: {
        "question": "cau_hoi",
        "message": "noi_dung",
        "created_at": "gui_luc",
        "resolved_at": "da_xu_ly_luc",
    },
}
NOT_ABOUT_THE_PERSON = {
    Entrant: {"id", "contest", "name_folded", "erased_at"},
    Attempt: {"id", "entrant", "token"},
    Standing: {"id", "entrant", "attempt", "submitted_at"},
    QuestionReport: {"id", "entrant"},
}
SECTIONS = {Attempt: "luot_thi", Standing: "xep_hang", QuestionReport: "bao_loi_cau_hoi"}


def test_every_stored_field_is_in_the_download(client, winner) -> None:
    """A field added to these models fails here until the download carries it."""
    data = my_data(client, winner.contest)
    for model, exported in EXPORTED_FIELDS.items():
        stored = {f.name for f in model._meta.concrete_fields}
        assert stored - NOT_ABOUT_THE_PERSON[model] == set(exported), model.__name__
        record = data[SECTIONS[model]][0] if model in SECTIONS else data
        for path in exported.values():
            value = record
            for key in path.split("."):
                assert key in value, f"{model.__name__}: {path}"
                value = value[key]


def test_the_download_needs_the_entrants_verified_session(client, winner) -> None:
    client.cookies.clear()
    url = reverse("contests_public:my_data", args=[winner.contest.slug])
    response = client.post(url, {"action": "export"})
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("contests_public:register", args=[winner.contest.slug])
    )
    assert PHONE.encode() not in response.content


# --- Public results: what the consent text announced ------------------------------------------


def test_the_consent_text_says_what_is_published(client, contest) -> None:
    ask_for_code(client, contest)
    page = client.get(reverse("contests_public:verify", args=[contest.slug])).content.decode()
    with translation.override("vi"):
        assert str(PUBLICATION_NOTICE) in page


def test_public_results_show_what_the_consent_text_announced(client, city, winner) -> None:
    """Name, commune or ward and the masked phone; never the phone in full, the year of
    birth or the workplace."""
    client.cookies.clear()
    url = reverse("contests_public:results", args=[winner.contest.slug, 1])
    page = client.get(url).content.decode()
    assert NAME in page
    assert "Đảng ủy phường Ánh Dương" in page
    assert mask_phone(PHONE) in page
    for never in (PHONE, "0987654321", str(BIRTH_YEAR), "1980", WORKPLACE):
        assert never not in page


# --- The report form's `next` -----------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "http://evil.example/cuoc-thi/"]
)
def test_the_report_form_stays_on_the_site(client, city, contest, target) -> None:
    register(client, contest, city)
    response = client.post(
        reverse("contests_public:report", args=[contest.slug]),
        {"question": contest.questions.first().pk, "message": REPORT, "next": target},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert response["Location"] == reverse("contests_public:contest", args=[contest.slug])
    assert QuestionReport.objects.filter(message=REPORT).exists()


def test_the_report_form_returns_to_a_page_of_the_site(client, city, contest) -> None:
    register(client, contest, city)
    here = reverse("contests_public:results", args=[contest.slug, 1])
    response = client.post(
        reverse("contests_public:report", args=[contest.slug]),
        {"question": contest.questions.first().pk, "message": REPORT, "next": here},
    )
    assert response["Location"] == here
