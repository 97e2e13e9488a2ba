"""``tuyengiao activity_figures`` prints the log's figures of a unit's subtree over a period."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tuyengiao.activities.tests.builders import log

DAY = date(2022, 9, 8)


def run(*args: str) -> str:
    out = StringIO()
    call_command("activity_figures", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def classes(city):
    """The city's training classes of seed 002, shared between the two wards, and a
    conference of the district."""
    log(city.ward_a, "training_class", "Lớp A", DAY, {"classes": 614, "learners.party": 102068})
    log(city.ward_b, "training_class", "Lớp B", DAY, {"classes": 804, "learners": 128448})
    log(
        city.district,
        "conference",
        "Hội nghị giao ban",
        date(2022, 6, 1),
        {"participants": 120, "remote_points": 12},
        mode="hybrid",
    )


def test_table_gives_the_subtree_figures_in_vietnamese(city, classes):
    """Totals of both wards, by type, figure and option, numbers written 1.418."""
    lines = run("--unit", "TP", "--from", "01/01/2022", "--to", "2022-09-08").splitlines()
    assert lines[0] == "Số liệu hoạt động của Thành ủy Thành phố (TP) từ 01/01/2022 đến 08/09/2022"
    table = [" ".join(line.split()) for line in lines[1:]]
    assert "Loại hoạt động, số liệu Số lượng Đơn vị tính" in table
    assert "Hội nghị (conference) 1 hoạt động" in table
    assert "Số người tham dự 120 người" in table
    assert "Lớp bồi dưỡng, tập huấn (training_class) 2 hoạt động" in table
    assert "Số lớp 1.418 lớp" in table
    assert "Số lượt học viên 230.516 lượt học viên" in table
    assert "Khối Đảng 102.068 lượt học viên" in table
    assert table[-1] == "Tổng số hoạt động 3 hoạt động"
    # Parts are indented below their figure, figures below their type.
    assert "    Khối Đảng" in "\n".join(lines)


def test_json_gives_what_the_api_gives(client, city, city_specialist, classes):
    """The same figures as ``/api/v1/activities/figures``, for the system."""
    data = json.loads(run("--unit", "TP", "--from", "2022-01-01", "--to", "08/09/2022", "--json"))
    client.force_login(city_specialist)
    api = client.get(
        "/api/v1/activities/figures", {"unit": "TP", "start": "2022-01-01", "end": "2022-09-08"}
    )
    assert api.status_code == 200
    assert data == api.json()
    assert data["count"] == 3
    assert data["counts"] == {"conference": 1, "training_class": 2}
    values = {(v["type"], v["figure"], v["option"]): v["value"] for v in data["values"]}
    assert values[("training_class", "classes", None)] == 1418
    assert values[("training_class", "learners", "party")] == 102068


def test_one_type_and_one_ward(city, classes):
    """``--type`` keeps one activity type; a ward's subtree holds its own activities only."""
    data = json.loads(
        run("--unit", "TP.Q1.B", "--from", "1/1/2022", "--to", "31/12/2022", "--json")
    )
    assert data["counts"] == {"training_class": 1}
    text = run("--unit", "TP", "--from", "1/1/2022", "--to", "31/12/2022", "--type", "conference")
    assert "Loại hoạt động: Hội nghị" in text
    assert "lớp" not in text
    assert " ".join(text.splitlines()[-1].split()) == "Tổng số hoạt động 1 hoạt động"


def test_a_period_without_activities(city, classes):
    text = run("--unit", "TP", "--from", "01/01/2021", "--to", "31/12/2021")
    assert text.splitlines()[-1] == "Không có hoạt động nào trong kỳ này."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--unit", "TP.X"), "Không có đơn vị mã “TP.X”."),
        (("--type", "khong_co"), "Không có loại hoạt động “khong_co”."),
        (("--from", "32/01/2022"), "--from: “32/01/2022” không phải ngày"),
        (("--to", "hôm qua"), "--to: “hôm qua” không phải ngày"),
        (("--from", "02/01/2022", "--to", "01/01/2022"), "Ngày cuối kỳ trước ngày đầu kỳ."),
    ],
)
def test_errors_are_one_clear_line(city, args, message):
    defaults = {"--unit": "TP", "--from": "01/01/2022", "--to": "31/12/2022"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    arguments = [part for pair in {**defaults, **given}.items() for part in pair]
    with pytest.raises(CommandError) as refused:
        run(*arguments)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
