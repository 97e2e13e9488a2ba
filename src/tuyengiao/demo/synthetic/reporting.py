"""The nine-month report of 2024: a form of entered indicators (classes and learners by
block), reported by every ward and commune of the tree then in force, all submitted and
approved in early October 2024; the analytics table is rebuilt at the end, so the top
unit's figures are the sums of its wards' values.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tuyengiao.activities.models import Category
from tuyengiao.demo.synthetic.base import Context, aware
from tuyengiao.demo.synthetic.orgs import Tree
from tuyengiao.reporting import analytics
from tuyengiao.reporting.models import (
    DataValue,
    FormIndicator,
    FormSection,
    Indicator,
    ReportForm,
    Submission,
    ValidationRule,
)
from tuyengiao.reporting.periods import parse_period

FORM_CODE = "tong-hop-9-thang-2024"
PERIOD = "2024N9"
BATCH = 5000

# code, name, unit of measure, by block, range of a ward's value
INDICATORS = (
    ("th_documents", "Số văn bản lãnh đạo, chỉ đạo ban hành", "văn bản", False, (5, 60)),
    ("th_conferences", "Số hội nghị học tập, quán triệt", "hội nghị", False, (1, 12)),
    ("th_expected", "Số người phải tham dự học tập, quán triệt", "người", False, (300, 3000)),
    ("th_attended", "Số người tham dự học tập, quán triệt", "người", False, None),
    ("th_articles", "Số tin, bài trên trang thông tin điện tử", "tin, bài", False, (10, 200)),
    ("th_talks", "Số buổi nói chuyện của báo cáo viên", "buổi", False, (1, 20)),
    ("th_classes", "Số lớp bồi dưỡng lý luận chính trị", "lớp", True, (0, 4)),
    ("th_learners", "Số lượt học viên", "lượt học viên", True, None),
)
SECTIONS = (
    ("1. Công tác tham mưu, chỉ đạo", ("th_documents",)),
    ("2. Học tập, quán triệt nghị quyết", ("th_conferences", "th_expected", "th_attended")),
    ("3. Tuyên truyền, báo cáo viên", ("th_articles", "th_talks")),
    ("4. Lý luận chính trị", ("th_classes", "th_learners")),
)
RULES = (
    ("th_attended", "<=", "th_expected", "Số người tham dự không vượt số người phải tham dự"),
    ("th_learners", ">=", "th_classes", "Số lượt học viên không ít hơn số lớp"),
)


def _form() -> tuple[ReportForm, dict[str, Indicator], list]:
    category = Category.objects.get(code="block")
    options = list(category.options.all())
    indicators = {
        code: Indicator.objects.create(
            code=code, name=name, unit_label=label, category=category if by_block else None
        )
        for code, name, label, by_block, _range in INDICATORS
    }
    form = ReportForm.objects.create(
        code=FORM_CODE,
        name="Báo cáo tổng hợp công tác tuyên giáo 9 tháng năm 2024",
        period_type="nine_months",
        due_days=10,
        lock_days=60,
    )
    for n, (title, codes) in enumerate(SECTIONS):
        section = FormSection.objects.create(form=form, title=title, sort_order=n)
        FormIndicator.objects.bulk_create(
            FormIndicator(section=section, indicator=indicators[code], sort_order=m)
            for m, code in enumerate(codes)
        )
    for left, operator, right, message in RULES:
        ValidationRule.objects.create(
            form=form, left=indicators[left], operator=operator, right=indicators[right],
            message=message,
        )  # fmt: skip
    return form, indicators, options


def _values(rng, indicators: dict[str, Indicator], options) -> list[tuple[int, int | None, int]]:
    """(indicator id, option id or None, value) of one ward's report."""
    values: dict[str, int] = {}
    rows = []
    for code, _name, _label, by_block, low_high in INDICATORS:
        if code == "th_attended":
            value = values["th_expected"] - rng.randint(0, values["th_expected"] // 10)
        elif by_block:
            for option in options:
                part = rng.randint(0, 4) if code == "th_classes" else None
                if part is None:
                    classes = values[f"th_classes:{option.code}"]
                    part = classes * rng.randint(25, 60)
                values[f"{code}:{option.code}"] = part
                rows.append((indicators[code].pk, option.pk, part))
            continue
        else:
            value = rng.randint(*low_high)
        values[code] = value
        rows.append((indicators[code].pk, None, value))
    return rows


def generate_reporting(ctx: Context, tree: Tree) -> ReportForm:
    rng = ctx.rng("reporting")
    form, indicators, options = _form()
    wards = tree.wards
    form.assigned_units.set([ward.unit for ward in wards])
    period = parse_period(PERIOD)
    values_total = 0
    with ctx.bar("Báo cáo 9 tháng 2024", len(wards)) as bar:
        for start in range(0, len(wards), 1000):
            chunk = wards[start : start + 1000]
            submissions = Submission.objects.bulk_create(
                Submission(
                    form=form,
                    unit=ward.unit,
                    period_code=period.code,
                    period_start=period.start,
                    period_end=period.end,
                    status=Submission.Status.APPROVED,
                    submitted_at=aware(date(2024, 10, rng.randint(1, 10)), rng.randint(8, 16)),
                    decided_at=aware(date(2024, 10, 14), 15),
                )
                for ward in chunk
            )
            rows = [
                DataValue(
                    submission=submission,
                    indicator_id=indicator,
                    option_id=option,
                    unit=submission.unit,
                    period_type=period.type,
                    period_code=period.code,
                    period_start=period.start,
                    period_end=period.end,
                    value=Decimal(value),
                    counted_value=Decimal(value),
                )
                for submission in submissions
                for indicator, option, value in _values(rng, indicators, options)
            ]
            DataValue.objects.bulk_create(rows, batch_size=BATCH)
            values_total += len(rows)
            bar.update(len(chunk))
    with ctx.bar("Bảng phân tích", 1) as bar:
        rows = analytics.rebuild()
        bar.update(1)
    ctx.count("Báo cáo định kỳ (nộp, duyệt)", len(wards))
    ctx.count("Giá trị chỉ tiêu", values_total)
    ctx.count("Dòng bảng phân tích", rows)
    return form
