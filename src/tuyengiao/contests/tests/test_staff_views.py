"""Staff screens: contests and rounds, the question import, the monitor and results."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tuyengiao.contests.imports import HEADERS
from tuyengiao.contests.models import Attempt, Contest, Question, QuestionReport
from tuyengiao.contests.services import attempt_start, attempt_submit
from tuyengiao.contests.tests.builders import (
    add_questions,
    make_contest,
    make_entrant,
    make_round,
    right_answers,
)
from tuyengiao.core.actors import SYSTEM
from tuyengiao.documents.models import Document
from tuyengiao.documents.services import document_register

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet(rows: list[list[object]]) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("cau-hoi.xlsx", buffer.getvalue(), content_type=XLSX)


def question_row(code: str, answer: str = "B", rounds: str = "1", source: str = "") -> list[object]:
    return [
        code,
        f"Nội dung câu {code}?",
        "Một",
        "Hai",
        "Ba",
        "Bốn",
        None,
        None,
        answer,
        "Quy hoạch",
        "trung bình",
        source,
        rounds,
    ]


def test_creating_a_contest_in_reach(client, city, city_specialist) -> None:
    client.force_login(city_specialist)
    response = client.post(
        reverse("contests:create"),
        {
            "title": "Tìm hiểu lịch sử Đảng bộ",
            "slug": "lich-su",
            "organiser": city.city.pk,
            "questions_per_attempt": 10,
            "time_limit_seconds": 600,
            "max_attempts": 3,
            "ranking_rule": "correct_prediction_time",
            "prediction_target": "participants",
            "prizes": "Giải Nhất: 1\nGiải Nhì: 2\nGiải Ba: 5\nGiải Khuyến khích: 8",
            "min_age": 14,
            "data_purpose": "Trao giải",
            "retention_until": "2027-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    contest = Contest.objects.get()
    assert [t["count"] for t in contest.prizes] == [1, 2, 5, 8]
    assert contest.organiser == city.city


def test_bad_prizes_are_named(client, city, city_specialist) -> None:
    client.force_login(city_specialist)
    response = client.post(reverse("contests:create"), {"prizes": "Giải Nhất một"})
    assert "Dòng 1" in response.content.decode() or "Line 1" in response.content.decode()
    assert not Contest.objects.exists()


def test_import_previews_then_imports_all_or_nothing(client, city, city_specialist) -> None:
    contest = make_contest(city.city)
    make_round(contest)
    document_register(
        symbol="15-NQ/TW",
        issue_date=timezone.localdate() - timedelta(days=900),
        summary="Nghị quyết về phương hướng, nhiệm vụ phát triển Thủ đô",
        owner=city.city,
        visibility=Document.Visibility.PUBLIC,
        actor=SYSTEM,
    )
    client.force_login(city_specialist)
    url = reverse("contests:import", args=[contest.pk])
    bad = client.post(
        url, {"file": sheet([question_row("Q1"), question_row("Q2", answer="E", rounds="9")])}
    )
    body = bad.content.decode()
    assert "Dòng 3, cột “Đáp án đúng”" in body
    assert "Dòng 3, cột “Tuần thi”" in body
    assert not Question.objects.exists()
    preview = client.post(
        url, {"file": sheet([question_row("Q1", source="15-NQ/TW"), question_row("Q2", "A, C")])}
    )
    assert "Nội dung câu Q2?" in preview.content.decode()
    assert not Question.objects.exists()
    client.post(url, {"confirm": "1"})
    assert Question.objects.count() == 2
    q2 = Question.objects.get(code="Q2")
    assert q2.kind == "multiple"
    assert [o.text for o in q2.options.filter(is_correct=True)] == ["Một", "Ba"]
    assert Question.objects.get(code="Q1").source_document.symbol == "15-NQ/TW"
    assert contest.rounds.get().questions.count() == 2


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, city, city_specialist) -> None:
    contest = make_contest(city.city)
    client.force_login(city_specialist)
    junk = SimpleUploadedFile("x.xlsx", b"not a workbook", content_type=XLSX)
    response = client.post(reverse("contests:import", args=[contest.pk]), {"file": junk})
    assert "Không đọc được tệp" in response.content.decode()


@pytest.fixture
def finished_round(city):
    contest = make_contest(city.city, questions_per_attempt=2)
    add_questions(contest, 4)
    opens = timezone.now() - timedelta(days=7)
    round_ = make_round(contest, opens_at=opens, closes_at=timezone.now() + timedelta(hours=1))
    for index, unit in enumerate([city.ward_a, city.ward_a, city.ward_b]):
        entrant = make_entrant(contest, unit, f"09800000{index:02d}", f"Người dự thi {index}")
        attempt = attempt_start(entrant=entrant, round_=round_)
        answers = right_answers(attempt) if index < 2 else {}
        attempt_submit(attempt=attempt, entrant_id=entrant.pk, answers=answers, prediction=3)
    round_.closes_at = timezone.now() - timedelta(seconds=1)
    round_.save()
    return round_


def test_results_ranking_statistics_and_export(client, finished_round, city_specialist) -> None:
    client.force_login(city_specialist)
    url = reverse("contests:results", args=[finished_round.pk])
    client.post(url)
    page = client.get(url).content.decode()
    assert "Giải Nhất" in page
    assert "Người dự thi 2" in page
    export = client.get(reverse("contests:export", args=[finished_round.pk]))
    book = load_workbook(io.BytesIO(export.content))
    ranking = list(book["Xếp hạng"].iter_rows(values_only=True))
    # Both all-correct entrants predicted the real figure (3): the faster one is first.
    assert ranking[1][:2] == (1, "Giải Nhất")
    assert ranking[3][2] == "Người dự thi 2"
    assert ranking[1][9] <= ranking[2][9]
    assert len(ranking) == 4
    # Print-ready like every export: header frozen and repeated on each printed page.
    assert book["Xếp hạng"].freeze_panes == "B2"
    assert book["Xếp hạng"].print_title_rows == "$1:$1"
    assert book["Xếp hạng"]["J2"].number_format != "General"
    units = {row[0]: row[1:] for row in book["Theo đơn vị"].iter_rows(min_row=2, values_only=True)}
    assert units["Đảng ủy phường Ánh Dương"] == (2, 2, 2)
    assert units["Đảng ủy phường Bình Minh"] == (1, 1, 0)


def test_the_monitor_counts_attempts(client, finished_round, city_specialist) -> None:
    client.force_login(city_specialist)
    url = reverse("contests:monitor", args=[finished_round.pk])
    figures = client.get(url, {"format": "json"}).json()
    assert (figures["entrants"], figures["attempts"], figures["submitted"]) == (3, 3, 3)
    assert sum(figures["per_minute"]) == 3
    assert client.get(url).status_code == 200


def test_a_ward_officer_cannot_see_a_city_contest(client, finished_round, ward_officer_a) -> None:
    client.force_login(ward_officer_a)
    assert client.get(reverse("contests:results", args=[finished_round.pk])).status_code == 404
    assert client.post(reverse("contests:results", args=[finished_round.pk])).status_code == 404
    assert not finished_round.standings.exists()
    assert Attempt.objects.count() == 3


def test_resolving_a_question_report(client, finished_round, city_specialist) -> None:
    question = finished_round.contest.questions.first()
    report = QuestionReport.objects.create(question=question, message="Sai chính tả")
    client.force_login(city_specialist)
    page = client.get(reverse("contests:detail", args=[finished_round.contest.pk]))
    assert "Sai chính tả" in page.content.decode()
    client.post(reverse("contests:resolve", args=[report.pk]))
    report.refresh_from_db()
    assert report.resolved_at is not None
