"""The set-up screens: indicators, report forms, sections, rules; entry exceptions."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from tuyengiao.core.spreadsheets import DECIMAL_FORMAT, INTEGER_FORMAT
from tuyengiao.reporting.exports.xlsx import rows_xlsx
from tuyengiao.reporting.models import (
    EntryException,
    FormIndicator,
    FormSection,
    Indicator,
    ReportForm,
    ValidationRule,
)
from tuyengiao.reporting.periods import period_containing
from tuyengiao.reporting.tests.builders import block_category, build_form, report


@pytest.fixture
def tf(city):
    return build_form(city.ward_a, city.ward_b)


def _indicator_data(**changes):
    return {
        "code": "so-buoi",
        "name": "Số buổi sinh hoạt",
        "short_name": "",
        "unit_label": "buổi",
        "value_type": "integer",
        "aggregation": "sum",
        "category": "",
        "min_value": "",
        "max_value": "",
        "source": "",
        "source_params": "",
        **changes,
    }


def _errors(response) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_a_city_specialist_creates_an_indicator_and_it_is_logged(client, city_specialist):
    client.force_login(city_specialist)
    assert client.get(reverse("reporting_indicators:index")).status_code == 200
    response = client.post(reverse("reporting_indicators:add"), _indicator_data())
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="so-buoi")
    assert indicator.unit_label == "buổi"
    entry = ModelLogEntry.objects.for_instance(indicator).get(action="wagtail.create")
    assert entry.user == city_specialist


def test_a_derived_indicator_names_its_source(client, city_specialist):
    client.force_login(city_specialist)
    data = _indicator_data(source="plans", source_params='{"measure": "overdue"}')
    assert client.post(reverse("reporting_indicators:add"), data).status_code == 302
    indicator = Indicator.objects.get(code="so-buoi")
    assert (indicator.source, indicator.source_params) == ("plans", {"measure": "overdue"})


@pytest.mark.parametrize(
    ("source", "params", "expected"),
    [
        ("plans", '{"measure": "late"}', "“measure” của nguồn kế hoạch"),
        ("activities", '{"types": ["khong-co"], "figure": "classes"}', "khong-co"),
        ("activities", '{"figure": "khong-co"}', "không có số liệu hoạt động mã khong-co"),
        ("activities", "[1, 2]", "phải là một đối tượng JSON"),
        ("", '{"measure": "done"}', "nhập tay không có tham số nguồn"),
    ],
)
def test_a_bad_source_spec_is_named_and_nothing_is_created(
    client, city_specialist, source, params, expected
):
    client.force_login(city_specialist)
    data = _indicator_data(source=source, source_params=params)
    response = client.post(reverse("reporting_indicators:add"), data)
    assert response.status_code == 200
    [message] = _errors(response)["source_params"]
    assert message.startswith("Tham số nguồn:")
    assert expected in message
    assert not Indicator.objects.filter(code="so-buoi").exists()


def test_a_ward_officer_may_not_set_up_reporting(client, tf, ward_officer_a):
    client.force_login(ward_officer_a)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("reporting_forms:index") not in home
    for name in ("reporting_indicators", "reporting_forms", "reporting_sections"):
        assert client.get(reverse(f"{name}:index")).status_code in (302, 403)
    response = client.post(reverse("reporting_indicators:add"), _indicator_data())
    assert response.status_code in (302, 403)
    edit = reverse("reporting_indicators:edit", args=[tf.documents.pk])
    client.post(edit, _indicator_data(code=tf.documents.code, name="Đổi tên"))
    assert not Indicator.objects.filter(code="so-buoi").exists()
    tf.documents.refresh_from_db()
    assert tf.documents.name == "Số văn bản ban hành"


def test_a_district_specialist_may_not_either(client, city):
    from tuyengiao.orgs.tests.personas import person

    specialist = person("cv.quan", "Lê Văn Quận", city.district, "specialist")
    client.force_login(specialist)
    assert client.get(reverse("reporting_forms:index")).status_code in (302, 403)


def test_value_type_is_fixed_once_figures_exist(client, tf, city, city_specialist):
    report(tf, city.ward_a, period_containing("month", timezone.localdate()), documents=3)
    client.force_login(city_specialist)
    edit = reverse("reporting_indicators:edit", args=[tf.documents.pk])
    data = _indicator_data(code=tf.documents.code, name="Văn bản", value_type="number")
    response = client.post(edit, data)
    assert response.status_code == 200
    [message] = _errors(response)["value_type"]
    assert message.startswith("Kiểu giá trị: không đổi được vì chỉ tiêu đã có 1 số liệu")
    tf.documents.refresh_from_db()
    assert (tf.documents.value_type, tf.documents.name) == ("integer", "Số văn bản ban hành")
    # Other changes still go through.
    response = client.post(edit, {**data, "value_type": "integer", "max_value": "500"})
    assert response.status_code == 302
    tf.documents.refresh_from_db()
    assert tf.documents.name == "Văn bản"


def test_an_indicator_in_use_is_not_deleted(client, tf, city_specialist):
    client.force_login(city_specialist)
    response = client.post(reverse("reporting_indicators:delete", args=[tf.documents.pk]))
    assert response.status_code == 302
    assert Indicator.objects.filter(pk=tf.documents.pk).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("không xóa được" in m.lower() for m in messages)


def _form_data(**changes):
    return {
        "code": "quy",
        "name": "Báo cáo quý",
        "period_type": "quarter",
        "assigned_depths": ["2"],
        "assigned_units": "TP.Q1\nTP.BTG",
        "due_days": "7",
        "lock_days": "30",
        "is_active": "on",
        **changes,
    }


def test_a_report_form_is_assigned_by_level_and_by_code(client, city, city_specialist):
    client.force_login(city_specialist)
    response = client.post(reverse("reporting_forms:add"), _form_data())
    assert response.status_code == 302
    form = ReportForm.objects.get(code="quy")
    assert form.assigned_depths == [2]
    assert set(form.assigned_units.all()) == {city.district, city.board}
    page = client.get(reverse("reporting_forms:edit", args=[form.pk]))
    assert "TP.BTG\nTP.Q1" in page.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"assigned_units": "TP.Q1, TP.XX"}, "assigned_units", "không có đơn vị mã TP.XX"),
        ({"lock_days": "3"}, "lock_days", "không được sớm hơn hạn nộp (7 ngày)"),
    ],
)
def test_a_bad_report_form_is_named(client, city, city_specialist, changes, field, expected):
    client.force_login(city_specialist)
    response = client.post(reverse("reporting_forms:add"), _form_data(**changes))
    assert response.status_code == 200
    [message] = _errors(response)[field]
    assert expected in message
    assert not ReportForm.objects.filter(code="quy").exists()


def test_period_type_is_fixed_once_reports_exist(client, tf, city, city_specialist):
    report(tf, city.ward_a, period_containing("month", timezone.localdate()), documents=3)
    client.force_login(city_specialist)
    data = _form_data(code=tf.form.code, name=tf.form.name, assigned_units="TP.Q1.A")
    response = client.post(reverse("reporting_forms:edit", args=[tf.form.pk]), data)
    assert response.status_code == 200
    assert "đã có báo cáo" in _errors(response)["period_type"][0]
    tf.form.refresh_from_db()
    assert tf.form.period_type == "month"


def test_a_section_lists_its_indicators_in_order(client, tf, city_specialist):
    client.force_login(city_specialist)
    other = Indicator.objects.create(code="hoi-nghi", name="Số hội nghị")
    extra = Indicator.objects.create(code="bai-viet", name="Số bài viết")
    data = {
        "form": tf.form.pk,
        "title": "III. Hội nghị",
        "sort_order": "3",
        "indicator_codes": "bai-viet\nhoi-nghi",
    }
    assert client.post(reverse("reporting_sections:add"), data).status_code == 302
    section = FormSection.objects.get(title="III. Hội nghị")
    rows = FormIndicator.objects.filter(section=section).order_by("sort_order")
    assert [row.indicator for row in rows] == [extra, other]
    edit = reverse("reporting_sections:edit", args=[section.pk])
    assert client.post(edit, {**data, "indicator_codes": "hoi-nghi"}).status_code == 302
    assert [row.indicator for row in section.rows.all()] == [other]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"indicator_codes": "khong-co"}, "không có chỉ tiêu mã khong-co"),
        ({"indicator_codes": "thang-documents"}, "đã có trong phần “I. Kết quả”"),
        ({"indicator_codes": "hoi-nghi", "is_narrative": "on"}, "hãy bỏ trống"),
    ],
)
def test_a_bad_section_is_named(client, tf, city_specialist, changes, expected):
    Indicator.objects.create(code="hoi-nghi", name="Số hội nghị")
    client.force_login(city_specialist)
    data = {"form": tf.form.pk, "title": "III. Hội nghị", "sort_order": "3", **changes}
    response = client.post(reverse("reporting_sections:add"), data)
    assert response.status_code == 200
    [message] = _errors(response)["indicator_codes"]
    assert message.startswith("Chỉ tiêu:")
    assert expected in message
    assert not FormSection.objects.filter(title="III. Hội nghị").exists()


def test_a_rule_compares_indicators_of_its_form(client, tf, city_specialist):
    client.force_login(city_specialist)
    _category, options = block_category()
    data = {
        "form": tf.form.pk,
        "left": tf.classes.pk,
        "left_option": options["party"].pk,
        "operator": "<=",
        "right": tf.learners.pk,
        "right_option": options["party"].pk,
        "message": "Số lớp khối Đảng không quá số học viên",
    }
    assert client.post(reverse("reporting_rules:add"), data).status_code == 302
    assert ValidationRule.objects.filter(message=data["message"]).exists()
    outside = Indicator.objects.create(code="ngoai", name="Ngoài biểu mẫu")
    bad = {**data, "left": outside.pk, "left_option": "", "message": "Sai"}
    response = client.post(reverse("reporting_rules:add"), bad)
    assert response.status_code == 200
    [message] = _errors(response)["left"]
    assert "ngoai không có trong biểu mẫu thang" in message
    wrong_option = {**data, "right": tf.documents.pk, "message": "Sai"}
    response = client.post(reverse("reporting_rules:add"), wrong_option)
    assert (
        "không phải là phân tổ của chỉ tiêu thang-documents"
        in (_errors(response)["right_option"][0])
    )
    assert not ValidationRule.objects.filter(message="Sai").exists()


# --- Entry exceptions from the completeness screen -------------------------------------------


def _late(tf, city):
    """A month long past, whose entry window has closed."""
    tf.form.lock_days = 5
    tf.form.save()
    return period_containing("month", timezone.localdate() - timedelta(days=90))


def test_a_leader_extends_entry_for_a_missing_unit(client, tf, city, city_leader):
    period = _late(tf, city)
    client.force_login(city_leader)
    query = {"form": tf.form.code, "unit": city.district.code, "period": period.code}
    page = client.get(reverse("reporting:completeness"), query).content.decode()
    assert "data-closes" in page
    assert 'name="open_until"' in page
    until = timezone.localdate() + timedelta(days=7)
    response = client.post(
        reverse("reporting:exception"),
        {**query, "unit": city.ward_a.code, "scope": city.district.code, "open_until": until},
    )
    assert response.status_code == 302
    exception = EntryException.objects.get(form=tf.form, unit=city.ward_a)
    assert (exception.period_code, exception.open_until) == (period.code, until)
    assert ModelLogEntry.objects.filter(action="tuyengiao.reporting.exception").exists()
    page = client.get(response["Location"]).content.decode()
    assert "data-exception" in page


def test_an_exception_in_the_past_is_refused(client, tf, city, city_leader):
    period = _late(tf, city)
    client.force_login(city_leader)
    data = {
        "form": tf.form.code,
        "unit": city.ward_a.code,
        "period": period.code,
        "scope": city.district.code,
        "open_until": timezone.localdate() - timedelta(days=1),
    }
    response = client.post(reverse("reporting:exception"), data, follow=True)
    assert "Ngày gia hạn phải từ hôm nay trở đi." in response.content.decode()
    assert not EntryException.objects.exists()


def test_a_ward_officer_cannot_extend_entry(client, tf, city, ward_officer_a):
    period = _late(tf, city)
    client.force_login(ward_officer_a)
    data = {
        "form": tf.form.code,
        "unit": city.ward_a.code,
        "period": period.code,
        "open_until": timezone.localdate() + timedelta(days=7),
    }
    response = client.post(reverse("reporting:exception"), data)
    assert response["Location"] == reverse("wagtailadmin_home")  # Wagtail's refusal
    assert not EntryException.objects.exists()


# --- Excel number formats --------------------------------------------------------------------


def test_whole_numbers_get_no_decimal_mark_in_excel():
    content = rows_xlsx(["a", "b", "c"], [["TP", 1420, 95.56]], "Số liệu")
    sheet = load_workbook(BytesIO(content)).active
    assert sheet["A2"].number_format == "General"
    assert sheet["B2"].number_format == INTEGER_FORMAT == "#,##0"
    assert sheet["C2"].number_format == DECIMAL_FORMAT
    assert not DECIMAL_FORMAT.endswith(".##")


def test_the_setup_screens_open_for_the_city_specialist(client, tf, city_specialist):
    client.force_login(city_specialist)
    objects = {
        "reporting_indicators": tf.classes,
        "reporting_forms": tf.form,
        "reporting_sections": tf.narrative,
        "reporting_rules": tf.form.rules.get(),
    }
    for name, instance in objects.items():
        index = client.get(reverse(f"{name}:index")).content.decode()
        assert str(instance) in index, name
        assert client.get(reverse(f"{name}:add")).status_code == 200, name
        edit = client.get(reverse(f"{name}:edit", args=[instance.pk]))
        assert edit.status_code == 200, name
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("reporting_forms:index") in home


def test_the_setup_menu_asks_once_per_request(city_specialist, django_assert_num_queries):
    """Each set-up menu item asks the policy on every admin page: one answer per user."""
    from tuyengiao.reporting.viewsets import SetupPolicy

    policy = SetupPolicy(Indicator)
    assert policy.user_has_permission(city_specialist, "add") is True
    with django_assert_num_queries(0):
        assert SetupPolicy(ReportForm).user_has_permission(city_specialist, "change") is True
