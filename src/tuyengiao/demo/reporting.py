"""Demo reporting: the "9-month tuyên giáo report" form with the indicators the seed
articles mention, submitted and approved for 2022 by the city's Ban Tuyên giáo and the 30
district committees, so that the city's nine-month 2022 figures are those of seed 002:
1.420 documents issued, 84 of 87 work items done, 1.418 classes and 230.516 learners with
the block breakdown (Party 614/102.068, mass organisations 288/52.467, State 490/71.215,
other 26/4.766). The same units also reported for nine months of 2021, somewhat lower, so
that dashboards have the same period last year to compare with.

The seed gives city totals only: how they split between the districts here is made up (a
fixed weighting), as are the conference, article and talk figures and every 2021 figure
(:data:`LAST_YEAR_SHARE` of 2022's, without work items). Work items done come from the
demo plans through the plans selector (a derived indicator); the documents figure is the
city board's own. Everything goes through the reporting services as the system, with
submission and approval dated early October of each year (on time); the analytics table
is rebuilt at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tuyengiao.activities.models import Category, CategoryOption
from tuyengiao.core.actors import SYSTEM
from tuyengiao.demo.accounts import DemoDataError
from tuyengiao.demo.orgs import CITY_BOARD_CODES, CITY_CODE, DISTRICTS, district_code
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting import analytics
from tuyengiao.reporting.models import (
    FormIndicator,
    FormSection,
    Indicator,
    ReportForm,
    ValidationRule,
)
from tuyengiao.reporting.periods import Period, parse_period
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
LAST_YEAR_PERIOD = "2021N9"
LAST_YEAR_SUBMITTED_AT = datetime(2021, 10, 4, 9, 0)
LAST_YEAR_APPROVED_AT = datetime(2021, 10, 6, 15, 0)
# 2021 figures as a share of 2022's, in per cent, by indicator (made up, plausible growth).
LAST_YEAR_SHARE = {
    "documents_issued": 88,
    "conferences": 90,
    "attended": 93,
    "expected": 97,
    "portal_articles": 84,
    "reporter_talks": 80,
    "classes": 91,
    "learners": 89,
}

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
# Each figures section's paragraph in the Word report (see reporting.official.context).
PROSE = {
    SECTIONS[0][0]: (
        "Cấp ủy, ban tuyên giáo các cấp tham mưu, ban hành {{ figure('documents_issued') }} "
        "lãnh đạo, chỉ đạo công tác tuyên giáo; hoàn thành "
        "{{ ratio('work_items_done', 'work_items_total') }} đầu việc đề ra trong "
        "{{ period_label }}."
    ),
    SECTIONS[1][0]: (
        "Tổ chức {{ figure('conferences') }} học tập, quán triệt, triển khai thực hiện các Chỉ "
        "thị, Nghị quyết của Trung ương, Thành ủy; số người tham dự "
        "{{ share('attended', 'expected') }} so với số phải tham dự."
    ),
    SECTIONS[2][0]: (
        "Đăng tải {{ figure('portal_articles') }} trên cổng thông tin điện tử; đội ngũ báo cáo "
        "viên tổ chức {{ figure('reporter_talks') }} nói chuyện thời sự, chuyên đề."
    ),
    SECTIONS[3][0]: (
        "Tính đến ngày {{ period_end }}, toàn Đảng bộ đã mở được {{ pair('classes', 'learners') }}."
    ),
}
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
    submissions: int  # the nine-month 2022 reports


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
        section = FormSection.objects.create(
            form=form, title=title, sort_order=n, prose=PROSE.get(title, "")
        )
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
    last_year = parse_period(LAST_YEAR_PERIOD)
    for index, code in enumerate(codes):
        unit = units[code]
        figures = CITY_BOARD_FIGURES if index == 0 else _district_figures(index - 1)
        by_block = {
            indicator_code: {block: values[index] for block, values in parts.items()}
            for indicator_code, parts in (("classes", classes), ("learners", learners))
        }
        cells = _cells(indicators, options, figures, by_block)
        if index == 0:
            for indicator_code in ("work_items_done", "work_items_total"):
                derived = derived_values(indicators[indicator_code], unit, period, [])
                cells.append(
                    ValueInput(indicators[indicator_code], None, derived[None], is_derived=True)
                )
        submission = submission_open(form=form, unit=unit, period=period, actor=SYSTEM)
        values_save(submission=submission, values=cells, actor=SYSTEM)
        if index == 0:
            narrative_save(
                submission=submission,
                section=form.sections.get(title=NARRATIVES[0]),
                text=CITY_BOARD_NARRATIVE,
                actor=SYSTEM,
            )
        submission_submit(submission=submission, actor=SYSTEM, at=submitted_at)
        submission_approve(submission=submission, actor=SYSTEM, at=approved_at)
        _report_last_year(
            form, unit, last_year, _cells(indicators, options, figures, by_block), index
        )
    analytics.rebuild()
    _report_draft(form, Unit.objects.get(code=CITY_CODE), period)
    return _summary(created=True)


def _cells(
    indicators: dict[str, Indicator],
    options: dict[str, CategoryOption],
    figures: dict[str, int],
    by_block: dict[str, dict[str, int]],
) -> list[ValueInput]:
    cells = [ValueInput(indicators[k], None, Decimal(v)) for k, v in figures.items()]
    for indicator_code, parts in by_block.items():
        cells += [
            ValueInput(indicators[indicator_code], options[block], Decimal(value))
            for block, value in parts.items()
        ]
    return cells


def _report_last_year(
    form: ReportForm, unit: Unit, period: Period, this_year: list[ValueInput], index: int
) -> None:
    """The unit's nine-month 2021 report: each 2022 figure scaled down (the share of
    :data:`LAST_YEAR_SHARE` give or take four points by unit; the city board's as listed),
    approved on time."""
    spread = (index * 7 + 4) % 9 - 4
    cells = [
        ValueInput(
            cell.indicator,
            cell.option,
            (
                cell.value * (LAST_YEAR_SHARE[cell.indicator.code] + spread) / 100
            ).to_integral_value(),
        )
        for cell in this_year
    ]
    submission = submission_open(form=form, unit=unit, period=period, actor=SYSTEM)
    values_save(submission=submission, values=cells, actor=SYSTEM)
    submission_submit(
        submission=submission, actor=SYSTEM, at=timezone.make_aware(LAST_YEAR_SUBMITTED_AT)
    )
    submission_approve(
        submission=submission, actor=SYSTEM, at=timezone.make_aware(LAST_YEAR_APPROVED_AT)
    )


def _summary(*, created: bool) -> DemoReportingSummary:
    form = ReportForm.objects.filter(code=FORM_CODE).first()
    count = form.submissions.filter(period_code=PERIOD).count() if form else 0
    return DemoReportingSummary(created, count)


# The city's nine-month 2022 report as the Ban Tuyên giáo would issue it (seed 002). The
# number and the proposal are made up; Bùi Huyền Mai signs as Trưởng ban (no "K/T": the
# head signs herself).
DRAFT_NUMBER = "125-BC/BTGTU"
DRAFT_DATE = date(2022, 10, 5)
DRAFT_TEXTS = {
    SECTIONS[0][0]: (
        "Ban Tuyên giáo Thành ủy tham mưu, ban hành {{ figure('documents_issued') }} lãnh đạo, "
        "chỉ đạo công tác tuyên giáo Thành phố, tập trung thông tin, tuyên truyền công tác "
        "phòng, chống dịch Covid-19; triển khai thực hiện các Chương trình công tác toàn khóa "
        "của Thành ủy, Nghị quyết Đại hội đại biểu lần thứ XVII Đảng bộ thành phố Hà Nội; tổ "
        "chức 02 giải báo chí của Thành phố.\n"
        "Tính đến nay, Ban Tuyên giáo Thành ủy đã hoàn thành "
        "{{ ratio('work_items_done', 'work_items_total') }} đầu việc đề ra trong "
        "{{ period_label }}."
    ),
    SECTIONS[3][0]: (
        "Công tác bồi dưỡng, đào tạo luôn được chú trọng triển khai. Tính đến 8/9, toàn Thành "
        "phố đã mở được {{ pair('classes', 'learners') }}. Các lớp học bảo đảm nội dung, tiến "
        "độ và chất lượng giảng dạy với đa dạng hình thức, chú trọng đẩy mạnh học trực tuyến "
        "và trực tiếp."
    ),
    NARRATIVES[1]: (
        "1. Khẩn trương hoàn thành các đầu việc còn lại theo kế hoạch đầu năm.\n"
        "2. Tập trung tuyên truyền về công tác triển khai dự án đường Vành đai 4 - Vùng Thủ "
        "đô; đẩy mạnh tuyên truyền, vận động Nhân dân ủng hộ, bảo đảm đúng tiến độ thực hiện "
        "dự án.\n"
        "3. Đổi mới mạnh mẽ nội dung, hình thức, phương thức công tác tuyên giáo, chú trọng "
        "ứng dụng công nghệ thông tin, chuyển đổi số."
    ),
}
DRAFT_STRENGTHS = (
    "Điểm nổi bật trong {{ period_label }}, hệ thống Tuyên giáo Thành phố tiếp tục ứng dụng "
    "công nghệ thông tin, triển khai chuyển đổi số kịp thời, linh hoạt, phù hợp, bảo đảm hoàn "
    "thành tốt các chỉ tiêu, nhiệm vụ được giao."
)
DRAFT_PROPOSAL = (
    "Đề nghị Ban Tuyên giáo Trung ương tiếp tục quan tâm hướng dẫn, tạo điều kiện để hệ thống "
    "tuyên giáo Thủ đô đẩy mạnh chuyển đổi số trong công tác tuyên giáo."
)
DRAFT_RECIPIENTS = (
    "Ban Tuyên giáo Trung ương (để báo cáo)\n"
    "Thường trực Thành ủy (để báo cáo)\n"
    "Các đồng chí Ủy viên Ban Thường vụ Thành ủy\n"
    "Ban Tuyên giáo các quận, huyện, thị ủy, đảng ủy trực thuộc\n"
    "Lưu Văn phòng Ban"
)


def _report_draft(form: ReportForm, city: Unit, period: Period) -> None:
    """The city's report draft: prefilled, then written as the Ban would for seed 002."""
    from tuyengiao.reporting.official.drafts import draft_default, draft_update

    draft = draft_default(form=form, unit=city, period=period)
    sections = {section.title: str(section.pk) for section in form.sections.all()}
    texts = {sections[title]: text for title, text in DRAFT_TEXTS.items()}
    assessment = sections[NARRATIVES[0]]
    texts[assessment] = "\n".join(
        part for part in (draft.texts.get(assessment, ""), DRAFT_STRENGTHS) if part
    )
    texts["proposals"] = DRAFT_PROPOSAL
    draft_update(
        draft,
        actor=SYSTEM,
        number=DRAFT_NUMBER,
        place="Hà Nội",
        issued_on=DRAFT_DATE,
        texts=texts,
        signing_authority="",
        signer_title="TRƯỞNG BAN",
        signer_name="Bùi Huyền Mai",
        recipients=DRAFT_RECIPIENTS,
    )
