"""Report forms for tests, built like an administrator would: a block category, indicators
of the seed's kinds, a form with two sections and rules, assigned to the two wards."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone
from docx import Document as WordDocument

from tuyengiao.activities.models import Category, CategoryOption
from tuyengiao.core.actors import SYSTEM
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.models import (
    FormIndicator,
    FormSection,
    Indicator,
    ReportForm,
    ReportRender,
    ReportTemplate,
    Submission,
    ValidationRule,
)
from tuyengiao.reporting.periods import Period, period_containing
from tuyengiao.reporting.services import (
    ValueInput,
    submission_approve,
    submission_open,
    submission_submit,
    values_save,
)


@dataclass
class TestForm:
    form: ReportForm
    documents: Indicator
    classes: Indicator
    learners: Indicator
    options: dict[str, CategoryOption]
    narrative: FormSection


def block_category() -> tuple[Category, dict[str, CategoryOption]]:
    """The block category the platform seeds: party, mass, state, other."""
    category = Category.objects.get(code="block")
    return category, {option.code: option for option in category.options.all()}


def build_form(*units: Unit, period_type: str = "month", code: str = "thang") -> TestForm:
    category, options = block_category()
    documents = Indicator.objects.create(
        code=f"{code}-documents", name="Số văn bản ban hành", max_value=Decimal(500)
    )
    classes = Indicator.objects.create(code=f"{code}-classes", name="Số lớp", category=category)
    learners = Indicator.objects.create(
        code=f"{code}-learners", name="Số lượt học viên", category=category
    )
    form = ReportForm.objects.create(code=code, name="Báo cáo tháng", period_type=period_type)
    form.assigned_units.set(units)
    figures = FormSection.objects.create(form=form, title="I. Kết quả", sort_order=1)
    for n, indicator in enumerate((documents, classes, learners)):
        FormIndicator.objects.create(section=figures, indicator=indicator, sort_order=n)
    narrative = FormSection.objects.create(
        form=form, title="II. Đánh giá", sort_order=2, is_narrative=True
    )
    ValidationRule.objects.create(
        form=form,
        left=learners,
        operator=ValidationRule.Operator.GREATER_EQUAL,
        right=classes,
        message="Số lượt học viên không ít hơn số lớp",
    )
    return TestForm(form, documents, classes, learners, options, narrative)


def report(
    tf: TestForm,
    unit: Unit,
    period: Period,
    *,
    documents: int | None = None,
    classes: dict[str, int] | None = None,
    learners: dict[str, int] | None = None,
    approve: bool = True,
) -> Submission:
    """A unit's report saved, submitted and (by default) approved, as the system, with the
    analytics refresh that follows each step (run when the transaction commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        submission = _report(tf, unit, period, documents, classes, learners, approve)
    submission.refresh_from_db()
    return submission


def _report(tf, unit, period, documents, classes, learners, approve) -> Submission:  # type: ignore[no-untyped-def]
    submission = submission_open(form=tf.form, unit=unit, period=period, actor=SYSTEM)
    cells = []
    if documents is not None:
        cells.append(ValueInput(tf.documents, None, Decimal(documents)))
    for indicator, parts in ((tf.classes, classes), (tf.learners, learners)):
        for option, value in (parts or {}).items():
            cells.append(ValueInput(indicator, tf.options[option], Decimal(value)))
    values_save(submission=submission, values=cells, actor=SYSTEM)
    submission_submit(submission=submission, actor=SYSTEM)
    if approve:
        submission_approve(submission=submission, actor=SYSTEM)
    return submission


def ward_b_submission(city) -> Submission:  # type: ignore[no-untyped-def]
    """A submitted report of ward B for this month (the same one on every call): what the
    URL access test points reporting URLs at."""
    existing = Submission.objects.filter(unit=city.ward_b, form__code="phuong-b").first()
    if existing:
        return existing
    tf = build_form(city.ward_b, code="phuong-b")
    period = period_containing("month", timezone.localdate())
    return report(tf, city.ward_b, period, documents=1, approve=False)


def ward_b_render(city) -> ReportRender:  # type: ignore[no-untyped-def]
    """A written file of ward B's report (the same one on every call)."""
    submission = ward_b_submission(city)
    render, _created = ReportRender.objects.get_or_create(
        form=submission.form,
        unit=city.ward_b,
        period_code=submission.period_code,
        format=ReportRender.Format.DOCX,
        defaults={"status": ReportRender.Status.DONE, "progress": 100},
    )
    if not render.file:
        render.file.save("bao-cao-phuong-b.docx", ContentFile(_word_file("Báo cáo")))
    return render


def ward_b_template(city) -> ReportTemplate:  # type: ignore[no-untyped-def]
    """Ward B's own Word template of its form (the same one on every call)."""
    submission = ward_b_submission(city)
    template = ReportTemplate.objects.filter(form=submission.form, unit=city.ward_b).first()
    if template is None:
        template = ReportTemplate(form=submission.form, unit=city.ward_b, name="Mẫu phường B")
        template.file.save("mau-phuong-b.docx", ContentFile(_word_file("{{ unit_name }}")))
    return template


def _word_file(text: str) -> bytes:
    document = WordDocument()
    document.add_paragraph(text)
    output = BytesIO()
    document.save(output)
    return output.getvalue()
