"""``tuyengiao plan_status`` prints the figures of a plan, and lists plans."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tuyengiao.core.actors import SYSTEM
from tuyengiao.plans.services import assignment_status_set
from tuyengiao.plans.tests.builders import small_plan, status

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("plan_status", *args, stdout=out)
    return out.getvalue()


def test_plan_status_prints_figures_for_the_plan_and_a_unit(city):
    small = small_plan(city)
    assignment_status_set(
        assignment=small.share_a, status=status("done"), on=date(2022, 6, 1), actor=SYSTEM
    )
    text = run("--plan", "CT-2022", "--as-of", "2022-07-01")
    assert "Hoàn thành: 0/3 đầu việc" in text
    assert "Quá hạn: 2" in text
    data = json.loads(
        run("--plan", "CT-2022", "--as-of", "2022-07-01", "--unit", "TP.Q1.A", "--json")
    )
    assert data == {
        "plan": "CT-2022",
        "as_of": "2022-07-01",
        "done": 1,
        "total": 1,
        "overdue": 0,
        "on_time": 1,
        "on_time_rate": 100.0,
        "unit": "TP.Q1.A",
    }


def test_plan_status_lists_plans_and_refuses_unknown_codes(city):
    small_plan(city)
    assert json.loads(run("--list", "--json"))[0]["code"] == "CT-2022"
    with pytest.raises(CommandError, match="KHONGCO"):
        run("--plan", "KHONGCO")
    with pytest.raises(CommandError, match=r"TP\.X"):
        run("--plan", "CT-2022", "--unit", "TP.X")
