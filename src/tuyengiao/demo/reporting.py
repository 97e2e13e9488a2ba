"""Demo reporting: the "9-month tuyên giáo report" form with the indicators the seed
articles mention, submitted and approved for 2022 by the city's Ban Tuyên giáo and the 30
district committees, so that the city's nine-month 2022 figures are those of seed 002:
1.420 documents issued, 84 of 87 work items done, 1.418 classes and 230.516 learners with
the block breakdown (Party 614/102.068, mass organisations 288/52.467, State 490/71.215,
other 26/4.766).

The seed gives city totals only: how they split between the districts here is made up (a
fixed weighting), as are the conference, article and talk figures. Work items done come
from the demo plans through the plans selector (a derived indicator); the documents figure
is the city board's own. Everything goes through the reporting services as the system,
with submission and approval dated early October 2022 (on time); the analytics table is
rebuilt at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tuyengiao.activities.models import Category, CategoryOption
from tuyengiao.demo.accounts import DemoDataError
from tuyengiao.demo.orgs import CITY_BOARD_CODES, DISTRICTS, district_code
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting import analytics
from tuyengiao.reporting.models import (
    FormIndicator,
    FormSection,
    Indicator,
    ReportForm,
    ValidationRule,
)
from tuyengiao.reporting.periods import parse_period
from tuyengiao.reporting.services import (
    ValueInput,
    narrative_save,
    submission_approve,
    submission_open,
    submission_submit,
    values_save,
)
from tuyengiao.reporting.sources import derived_values

FORM_CODE = "tuyen-giao-9-thang"
PERIOD = "2022N9"
CITY_BOARD = CITY_BOARD_CODES[0]
SUBMITTED_AT = datetime(2022, 10, 3, 9, 0)
APPROVED_AT = datetime(2022, 10, 5, 15, 0)

BLOCKS = ("party", "mass", "state", "other")  # the block category the platform seeds
# Seed 002: "1.418 lớp/230.516 lượt học viên, trong đó khối Đảng 614 lớp/102.068 …".
CLASSES = {"party": 614, "mass": 288, "state": 490, "other": 26}
LEARNERS = {"party": 102_068, "mass": 52_467, "state": 71_215, "other": 4_766}
DOCUMENTS = 1_420

# code, name, unit of measure, by block, source, source parameters
INDICATORS = (
    ("documents_issued", "Số văn bản lãnh đạo, chỉ đạo ban hành", "văn bản", False, "", {}),
    (
        "work_items_done",
        "Số đầu việc đã hoàn thành",
        "đầu việc",
        False,
        "plans",
        {"measure": "done"},
    ),
    ("work_items_total", "Số đầu việc đề ra", "đầu việc", False, "plans", {"measure": "total"}),
    ("conferences", "Số hội nghị học tập, quán triệt", "hội nghị", False, "", {}),
    ("attended", "Số người tham dự học tập, quán triệt", "người", False, "", {}),
    ("expected", "Số người phải tham dự học tập, quán triệt", "người", False, "", {}),
    ("portal_articles", "Số tin, bài trên cổng thông tin điện tử", "tin, bài", False, "", {}),
    ("reporter_talks", "Số buổi nói chuyện của báo cáo viên", "buổi", False, "", {}),
    (
        "classes",
        "Số lớp bồi dưỡng lý luận chính trị",
        "lớp",
        True,
        "activities",
        {"types": ["training_class"], "figure": "classes"},
    ),
    (
        "learners",
        "Số lượt học viên",
        "lượt học viên",
        True,
        "activities",
        {"types": ["training_class"], "figure": "learners"},
    ),
)
SECTIONS = (
    ("1. Công tác tham mưu, chỉ đạo", ("documents_issued", "work_items_done", "work_items_total")),
    ("2. Học tập, quán triệt nghị quyết", ("conferences", "attended", "expected")),
    ("3. Công tác tuyên truyền, báo cáo viên", ("portal_articles", "reporter_talks")),
    ("4. Lý luận chính trị", ("classes", "learners")),
)
NARRATIVES = ("II. Đánh giá chung", "III. Phương hướng, nhiệm vụ 3 tháng cuối năm")
RULES = (
    ("attended", "<=", "expected", "Số người tham dự không vượt số người phải tham dự"),
    ("learners", ">=", "classes", "Số lượt học viên không ít hơn số lớp"),
    ("work_items_done", "<=", "work_items_total", "Số đầu việc hoàn thành không vượt số đề ra"),
)
CITY_BOARD_NARRATIVE = (
    "Ban Tuyên giáo Thành ủy tham mưu ban hành nhiều văn bản lãnh đạo, chỉ đạo; tập trung "
    "thông tin, tuyên truyền phòng, chống dịch Covid-19 và thực hiện các Chương trình công tác "
    "toàn khóa của Thành ủy. Công tác bồi dưỡng lý luận chính trị được đẩy mạnh cả trực tuyến "
    "và trực tiếp."
)


@dataclass(frozen=True)
class DemoReportingSummary:
    created: bool
    submissions: int


def split(total: int, weights: list[int]) -> list[int]:
    """``total`` shared in proportion to ``weights``, whole numbers that add up exactly
    (largest remainders first)."""
    whole = sum(weights)
    shares = [total * weight // whole for weight in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _ensure_form() -> tuple[ReportForm, dict[str, Indicator], dict[str, CategoryOption]]:
    category = Category.objects.get(code="block")
    options = {option.code: option for option in category.options.all()}
    if set(options) != set(BLOCKS):
        raise DemoDataError(
            "Nhóm phân loại “khối” không có đủ khối Đảng, Đoàn thể, Nhà nước, khác."
        )
    indicators = {
        code: Indicator.objects.create(
            code=code,
            name=name,
            unit_label=label,
            category=category if by_block else None,
            source=source,
            source_params=params,
        )
        for code, name, label, by_block, source, params in INDICATORS
    }
    form = ReportForm.objects.create(
        code=FORM_CODE,
        name="Báo cáo kết quả công tác tuyên giáo 9 tháng",
        period_type="nine_months",
        due_days=10,
        lock_days=60,
    )
    for n, (title, codes) in enumerate(SECTIONS):
        section = FormSection.objects.create(form=form, title=title, sort_order=n)
        for m, code in enumerate(codes):
            FormIndicator.objects.create(section=section, indicator=indicators[code], sort_order=m)
    for n, title in enumerate(NARRATIVES, start=len(SECTIONS)):
        FormSection.objects.create(form=form, title=title, sort_order=n, is_narrative=True)
    for left, operator, right, message in RULES:
        ValidationRule.objects.create(
            form=form,
            left=indicators[left],
            operator=operator,
            right=indicators[right],
            message=message,
        )
    return form, indicators, options


def _district_figures(index: int) -> dict[str, int]:
    if index == 0:  # Ba Đình: 3.192 of 3.327 party members attended (95,56%).
        expected, attended = 3_327, 3_192
    else:
        expected = 1_800 + 137 * index
        attended = expected * (92 + index % 7) // 100
    return {
        "conferences": 8 + index * 5 % 11,
        "attended": attended,
        "expected": expected,
        "portal_articles": 120 + index * 37 % 90,
        "reporter_talks": 6 + index * 3 % 10,
    }


CITY_BOARD_FIGURES = {
    "documents_issued": DOCUMENTS,
    "conferences": 14,
    "attended": 5_210,
    "expected": 5_400,
    "portal_articles": 640,
    "reporter_talks": 25,
}


@transaction.atomic
def ensure_demo_reporting() -> DemoReportingSummary:
    """Create the demo form and its 2022 reports unless the form is already there. Needs the
    demo organisation tree and plans."""
    if ReportForm.objects.filter(code=FORM_CODE).exists():
        return _summary(created=False)
    codes = [CITY_BOARD] + [district_code(name) for _kind, name in DISTRICTS]
    units = Unit.objects.in_bulk(codes, field_name="code")
    if len(units) != len(codes):
        raise DemoDataError("Chưa có cây tổ chức mẫu: hãy nạp cây tổ chức trước.")
    form, indicators, options = _ensure_form()
    form.assigned_units.set(units.values())
    period = parse_period(PERIOD)
    # The city board runs the city's own classes; districts weigh 5–16.
    weights = [60] + [5 + (index * 7) % 12 for index in range(len(DISTRICTS))]
    classes = {block: split(total, weights) for block, total in CLASSES.items()}
    learners = {block: split(total, weights) for block, total in LEARNERS.items()}
    submitted_at, approved_at = timezone.make_aware(SUBMITTED_AT), timezone.make_aware(APPROVED_AT)
    for index, code in enumerate(codes):
        unit = units[code]
        figures = CITY_BOARD_FIGURES if index == 0 else _district_figures(index - 1)
        cells = [ValueInput(indicators[k], None, Decimal(v)) for k, v in figures.items()]
        for indicator_code, parts in (("classes", classes), ("learners", learners)):
            cells += [
                ValueInput(indicators[indicator_code], options[block], Decimal(values[index]))
                for block, values in parts.items()
            ]
        if index == 0:
            for indicator_code in ("work_items_done", "work_items_total"):
                derived = derived_values(indicators[indicator_code], unit, period, [])
                cells.append(
                    ValueInput(indicators[indicator_code], None, derived[None], is_derived=True)
                )
        submission = submission_open(form=form, unit=unit, period=period, actor=None)
        values_save(submission=submission, values=cells, actor=None)
        if index == 0:
            narrative_save(
                submission=submission,
                section=form.sections.get(title=NARRATIVES[0]),
                text=CITY_BOARD_NARRATIVE,
                actor=None,
            )
        submission_submit(submission=submission, actor=None, at=submitted_at)
        submission_approve(submission=submission, actor=None, at=approved_at)
    analytics.rebuild()
    return _summary(created=True)


def _summary(*, created: bool) -> DemoReportingSummary:
    form = ReportForm.objects.filter(code=FORM_CODE).first()
    return DemoReportingSummary(created, form.submissions.count() if form else 0)
