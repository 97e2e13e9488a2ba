"""The activity log over the JSON API."""

from __future__ import annotations

import json
from datetime import date

from tuyengiao.activities.models import Activity
from tuyengiao.activities.tests.builders import log
from tuyengiao.api.tests.errors import field_errors

URL = "/api/v1/activities"
DAY = date(2022, 9, 8)


def _post(client, payload):
    return client.post(URL, json.dumps(payload), content_type="application/json")


def _class(city, **extra):
    return {
        "type": "training_class",
        "unit": city.ward_a.code,
        "title": "Lớp bồi dưỡng chính trị hè",
        "start_date": "2022-07-05",
        "mode": "hybrid",
        "figures": {"classes": 1, "learners.state": 3173, "remote_points": 55},
        **extra,
    }


def test_log_read_change_delete(client, city, ward_officer_a):
    client.force_login(ward_officer_a)
    created = _post(client, _class(city))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["figures"] == {
        "classes": 1,
        "learners": 3173,
        "learners.state": 3173,
        "remote_points": 55,
    }
    assert body["unit_name"] == "Đảng ủy phường Ánh Dương"
    url = f"{URL}/{body['id']}"
    assert client.get(url).json()["title"] == "Lớp bồi dưỡng chính trị hè"
    changed = client.patch(
        url,
        json.dumps({"place": "Trường THCS", "figures": {"classes": 2, "learners": 10}}),
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert changed.json()["place"] == "Trường THCS"
    assert changed.json()["figures"] == {"classes": 2, "learners": 10}
    listed = client.get(URL, {"unit": city.district.code, "type": "training_class"}).json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert client.delete(url).status_code == 204
    assert not Activity.objects.exists()


def test_refusals(client, city, ward_officer_a):
    client.force_login(ward_officer_a)
    other_ward = _post(client, _class(city, unit=city.ward_b.code))
    assert other_ward.status_code == 403
    invalid = _post(client, _class(city, mode="in_person", end_date="2022-07-01"))
    assert invalid.status_code == 422
    errors = field_errors(invalid)
    assert "trực tuyến hoặc kết hợp" in errors["remote_points"][0]
    assert "trước ngày bắt đầu" in errors["end_date"][0]
    assert _post(client, _class(city)).status_code == 201
    duplicate = _post(client, _class(city))
    assert duplicate.status_code == 409
    assert len(duplicate.json()["existing"]) == 1
    assert _post(client, _class(city, allow_duplicate=True)).status_code == 201
    assert Activity.objects.count() == 2


def test_other_ward_sees_nothing(client, city, ward_officer_b):
    activity = log(city.ward_a, "conference", "Hội nghị", DAY)
    client.force_login(ward_officer_b)
    assert client.get(f"{URL}/{activity.pk}").status_code == 404
    assert client.get(URL).json()["count"] == 0


def test_types_and_figures(client, city, city_specialist):
    log(city.ward_a, "training_class", "Lớp A", DAY, {"classes": 614, "learners.party": 102068})
    log(city.ward_b, "training_class", "Lớp B", DAY, {"classes": 804, "learners": 128448})
    client.force_login(city_specialist)
    types = {item["code"]: item for item in client.get(f"{URL}/types").json()}
    assert "learners.party" in [figure["key"] for figure in types["training_class"]["figures"]]
    figures = client.get(
        f"{URL}/figures",
        {"unit": city.city.code, "start": "2022-01-01", "end": "2022-09-08"},
    ).json()
    assert figures["count"] == 2
    values = {(v["figure"], v["option"]): v["value"] for v in figures["values"]}
    assert values[("classes", None)] == 1418
    assert values[("learners", None)] == 230516
    assert values[("learners", "party")] == 102068


def test_figures_outside_reach_are_refused(client, city, ward_officer_a):
    client.force_login(ward_officer_a)
    response = client.get(
        f"{URL}/figures", {"unit": city.ward_b.code, "start": "2022-01-01", "end": "2022-12-31"}
    )
    assert response.status_code == 403
