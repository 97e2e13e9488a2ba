"""Report drafts: who reads and edits them, what they are prefilled with, the audit trail,
and the State variant of the layout. Built on the small test city: wards A and B report
to a monthly form; the city committee's report is issued by its Ban Tuyên giáo."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import TestCase
from django.utils import timezone
from docx import Document
from wagtail.models import ModelLogEntry

from tuyengiao.activities.models import Activity, ActivityType
from tuyengiao.activities.services import activity_log
from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.tests.personas import person
from tuyengiao.reporting.models import FormSection, ReportDraft
from tuyengiao.reporting.official.drafts import HIGHLIGHTS, draft_for, draft_update
from tuyengiao.reporting.official.render import render_report
from tuyengiao.reporting.official.texts import text_previews
from tuyengiao.reporting.periods import Period, period_containing
from tuyengiao.reporting.services import (
    ValueInput,
    narrative_save,
    submission_approve,
    submission_open,
    submission_submit,
    values_save,
)
from tuyengiao.reporting.tests import builders

pytestmark = pytest.mark.django_db

PROSE = "Toàn thành phố mở được {{ pair('thang-classes', 'thang-learners') }}."


@dataclass
class SmallReport:
    city: object
    tf: builders.TestForm
    period: Period
    figures_section: FormSection


def _report(
    tf: builders.TestForm, unit, period: Period, classes: int, learners: int, note: str
) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        submission = submission_open(form=tf.form, unit=unit, period=period, actor=SYSTEM)
        values_save(
            submission=submission,
            values=[
                ValueInput(tf.documents, None, 3),
                ValueInput(tf.classes, tf.options["party"], classes),
                ValueInput(tf.learners, tf.options["party"], learners),
            ],
            actor=SYSTEM,
        )
        narrative_save(submission=submission, section=tf.narrative, text=note, actor=SYSTEM)
        submission_submit(submission=submission, actor=SYSTEM)
        submission_approve(submission=submission, actor=SYSTEM)


@pytest.fixture
def small_report(city) -> SmallReport:
    tf = builders.build_form(city.ward_a, city.ward_b)
    for indicator, label in ((tf.classes, "lớp"), (tf.learners, "lượt học viên")):
        indicator.unit_label = label
        indicator.save()
    section = tf.form.sections.get(is_narrative=False)
    section.prose = PROSE
    section.save()
    period = period_containing("month", timezone.localdate())
    _report(tf, city.ward_a, period, 2, 40, "Phường A tổ chức tốt các lớp học.")
    _report(tf, city.ward_b, period, 5, 95, "Phường B chú trọng học trực tuyến.")
    return SmallReport(city, tf, period, section)


def _draft(small: SmallReport, user) -> ReportDraft:
    return _draft_and_access(small, user)[0]


def _draft_and_access(small: SmallReport, user) -> tuple[ReportDraft, bool]:
    return draft_for(user, form=small.tf.form, unit=small.city.city, period=small.period)


def test_a_ward_officer_cannot_open_the_city_draft(small_report, ward_officer_a):
    with pytest.raises(Http404):
        _draft(small_report, ward_officer_a)


def test_a_city_specialist_gets_a_prefilled_draft_saved_at_the_first_edit(
    small_report, city_specialist
):
    draft, editable = _draft_and_access(small_report, city_specialist)
    assert editable
    assert draft.pk is None  # opening writes nothing
    assert draft.family == "party"
    assert (draft.superior_body, draft.issuing_body) == ("THÀNH ỦY THÀNH PHỐ", "BAN TUYÊN GIÁO")
    assert draft.place == "Thành phố"  # "Thành ủy Thành phố" less the committee's title
    assert draft.title == f"kết quả công tác {small_report.period.label}"
    assert (draft.signing_authority, draft.signer_title) == ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")
    assert draft.recipients.splitlines()[-1] == "Lưu Văn phòng"
    # The section's prose is kept as a template; the wards' narratives are compiled, each
    # with its ward's name.
    assert draft.texts[str(small_report.figures_section.pk)] == PROSE
    narrative = draft.texts[str(small_report.tf.narrative.pk)]
    assert "Đảng ủy phường Ánh Dương: Phường A tổ chức tốt các lớp học." in narrative
    assert "Đảng ủy phường Bình Minh: Phường B chú trọng học trực tuyến." in narrative
    draft_update(draft, actor=city_specialist, number="01-BC/BTGTU")
    entry = ModelLogEntry.objects.for_instance(draft).get()
    assert (entry.action, entry.user) == ("wagtail.create", city_specialist)
    # Opening it again returns the saved draft.
    assert _draft(small_report, city_specialist).pk == draft.pk


def test_a_person_who_only_views_reads_an_unsaved_draft_and_cannot_edit(small_report):
    viewer = person("bcv.thanhpho", "Lê Văn Nghe", small_report.city.city, "reporter")
    draft, editable = _draft_and_access(small_report, viewer)
    assert not editable
    assert draft.pk is None
    assert not ReportDraft.objects.exists()
    with pytest.raises(PermissionDenied):
        draft_update(draft, actor=viewer, number="12-BC/BTGTU")


def test_editing_checks_placeholders_and_is_audited(small_report, city_specialist):
    draft = _draft(small_report, city_specialist)
    key = str(small_report.figures_section.pk)
    with pytest.raises(ValidationError) as error:
        draft_update(draft, actor=city_specialist, texts={key: "Mở {{ figure('khong-co') }}."})
    assert error.value.messages == [
        "Mục “I. Kết quả”: không có chỉ tiêu “khong-co” trong biểu mẫu."
    ]
    draft_update(
        draft,
        actor=city_specialist,
        number="12-BC/BTGTU",
        texts={key: "Đã mở {{ figure('thang-classes') }}."},
    )
    draft.refresh_from_db()
    assert draft.number == "12-BC/BTGTU"
    assert draft.texts[key] == "Đã mở {{ figure('thang-classes') }}."
    assert str(small_report.tf.narrative.pk) in draft.texts  # other texts kept
    entry = ModelLogEntry.objects.for_instance(draft).get()  # the first edit creates it
    assert (entry.action, entry.user) == ("wagtail.create", city_specialist)
    assert entry.data == {"fields": ["number", "texts"]}
    draft_update(draft, actor=city_specialist, place="Hà Nội")
    entry = ModelLogEntry.objects.for_instance(draft).filter(action="wagtail.edit").get()
    assert entry.data == {"fields": ["place"]}
    document = Document(
        io.BytesIO(
            render_report(
                city_specialist,
                form=small_report.tf.form,
                unit=small_report.city.city,
                period=small_report.period,
            )
        )
    )
    assert "Đã mở 07 lớp." in [p.text for p in document.paragraphs]


def test_a_ward_officer_cannot_edit_the_city_draft(small_report, city_specialist, ward_officer_a):
    draft = _draft(small_report, city_specialist)
    with pytest.raises(PermissionDenied):
        draft_update(draft, actor=ward_officer_a, number="99-BC/BTGTU")


def test_highlighted_activities_of_the_subtree_are_compiled(small_report, city_specialist):
    activity = activity_log(
        activity_type=ActivityType.objects.get(code="conference"),
        unit=small_report.city.ward_a,
        title="Hội nghị học tập chuyên đề năm",
        start_date=small_report.period.start,
        actor=SYSTEM,
    )
    Activity.objects.filter(pk=activity.pk).update(is_highlighted=True)
    activity_log(
        activity_type=ActivityType.objects.get(code="conference"),
        unit=small_report.city.ward_b,
        title="Hội nghị thường kỳ",
        start_date=small_report.period.start,
        actor=SYSTEM,
    )
    text = _draft(small_report, city_specialist).texts[HIGHLIGHTS]
    assert "Hội nghị học tập chuyên đề năm (Đảng ủy phường Ánh Dương" in text
    assert "Hội nghị thường kỳ" not in text


def test_the_state_variant_has_the_national_motto_and_its_number_form(
    small_report, city_specialist
):
    draft = _draft(small_report, city_specialist)
    draft_update(
        draft,
        actor=city_specialist,
        family="state",
        superior_body="UBND quận Một",
        issuing_body="Phòng Văn hóa và Thông tin",
        number="15/BC-VHTT",
        issued_on=date(2026, 2, 5),
        signing_authority="KT. TRƯỞNG PHÒNG",
        signer_title="PHÓ TRƯỞNG PHÒNG",
        recipients="UBND quận (để báo cáo)\nLưu: VT, VHTT",
    )
    content = render_report(
        SYSTEM, form=small_report.tf.form, unit=small_report.city.city, period=small_report.period
    )
    document = Document(io.BytesIO(content))
    header = document.tables[0]
    left = [p for p in header.cell(0, 0).paragraphs if p.text]
    assert [p.text for p in left] == ["UBND QUẬN MỘT", "PHÒNG VĂN HÓA VÀ THÔNG TIN"]
    assert left[1].runs[0].bold
    assert header.cell(0, 0).paragraphs[-1]._p.xpath("./w:pPr/w:pBdr/w:bottom")  # short rule
    right = [p for p in header.cell(0, 1).paragraphs if p.text]
    assert [p.text for p in right] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert all(p.runs[0].bold for p in right)
    assert header.cell(1, 0).text == "Số: 15/BC-VHTT"
    assert header.cell(1, 1).text == "Thành phố, ngày 05 tháng 02 năm 2026"
    signature = document.tables[1]
    label = signature.cell(0, 0).paragraphs[0]
    assert label.text == "Nơi nhận:"
    assert label.runs[0].bold
    assert label.runs[0].italic
    assert not label.runs[0].underline
    assert [p.text for p in signature.cell(0, 0).paragraphs[1:]] == [
        "- UBND quận (để báo cáo),",
        "- Lưu: VT, VHTT.",
    ]
    assert document.sections[0].left_margin.mm == pytest.approx(30, abs=0.1)


def test_previews_show_each_text_with_its_figures_or_its_error(small_report, city_specialist):
    draft = _draft(small_report, city_specialist)
    previews = text_previews(draft)
    figures = previews[str(small_report.figures_section.pk)]
    assert figures.text == (
        "Toàn thành phố mở được 07 lớp/135 lượt học viên, trong đó khối Đảng 07 lớp/135 lượt "
        "học viên."
    )
    assert not figures.error
    draft.texts[str(small_report.figures_section.pk)] = "{{ figure('khong-co') }}"
    broken = text_previews(draft)[str(small_report.figures_section.pk)]
    assert broken.error == "Mục “I. Kết quả”: không có chỉ tiêu “khong-co” trong biểu mẫu."
