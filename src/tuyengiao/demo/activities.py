"""Demo activities: what the seed articles say units did, logged with their figures.

- Ba Đình's political summer training of 2022 for teachers, in person and online to 55 remote
  points with 3.173 attendees (seed 000), and its 9-month review conference of 29/9/2022.
- Thanh Xuân's propaganda for its 6th district Party congress, as reported on 30/7/2020
  (seed 001): 30 news items on the district portal, about 30 online and 11 printed press
  articles, a photo yearbook, 6 CDs passed to the 11 wards, ward loudspeakers.
- The city's training classes up to 8/9/2022 (seed 002): 1.418 classes / 230.516 learners,
  of which khối Đảng 614 / 102.068, khối Đoàn thể 288 / 52.467, khối Nhà nước 490 / 71.215,
  other 26 / 4.766, and the city's 9-month briefing of 6/10/2022 at Phúc Thọ.

The articles give the city's class totals only; they are shared out here among the 30
district committees (Ba Đình's summer training counts within them), one entry per district
for January to 8 September 2022, so that the log's figures for the city give the seed's
totals exactly. Dates the articles leave out are marked below and in docs/demo-data.md.
Everything is logged through the activity services as the system; entries that carry out a
work item of the demo plans are added to its timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from tuyengiao.activities.models import Activity, ActivityType
from tuyengiao.activities.services import activity_log
from tuyengiao.core.actors import SYSTEM
from tuyengiao.demo.accounts import DemoDataError
from tuyengiao.demo.orgs import DISTRICTS, district_code
from tuyengiao.documents.models import Document
from tuyengiao.orgs.models import Unit
from tuyengiao.plans.models import WorkItem

CITY_BOARD, BA_DINH, THANH_XUAN = "HN.BTGTU", "HN.BADINH", "HN.THANHXUAN"
CUT_OFF = date(2022, 9, 8)  # "Tính đến 8/9" (seed 002)
CLASSES_FROM = date(2022, 1, 4)
# The activity whose presence means the demo activities are loaded.
MARKER_TITLE = (
    "Bồi dưỡng chính trị hè năm 2022 cho đội ngũ giảng viên, giáo viên hệ thống giáo dục quốc "
    "dân và sinh hoạt chính trị đầu khóa của học sinh, sinh viên các trường trung cấp chuyên "
    "nghiệp thuộc quận"
)
SUMMER_DAY = date(2022, 8, 15)  # not in the seed: "hè năm 2022"
SUMMER_LEARNERS, SUMMER_POINTS = 3173, 55
# (classes, learners) by block up to 8/9/2022 (seed 002).
CITY_CLASSES = {
    "party": (614, 102068),
    "mass": (288, 52467),
    "state": (490, 71215),
    "other": (26, 4766),
}
PROGRAMME_CODE = "CTCT-2022-BTGTU"
CLASSES_ITEM = "Mở các lớp bồi dưỡng lý luận chính trị cho đảng viên mới"
BRIEFING_ITEM = "Hội nghị giao ban công tác tuyên giáo 9 tháng đầu năm 2022"
TX_DOCUMENTS = ("149-KH/QU", "158-KH/QU", "147/KH-UBND", "838/UBND-VHTT")
TX_REPORTED = date(2020, 7, 30)


@dataclass(frozen=True)
class DemoActivity:
    unit: str
    type: str
    title: str
    start: date
    figures: dict[str, int]
    end: date | None = None
    mode: str = Activity.Mode.IN_PERSON
    place: str = ""
    audience: str = ""
    notes: str = ""
    documents: tuple[str, ...] = ()
    work_item: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    highlighted: bool = False  # a highlight of the period, quoted in the official report


NAMED: tuple[DemoActivity, ...] = (
    DemoActivity(
        BA_DINH,
        "training_class",
        MARKER_TITLE,
        SUMMER_DAY,
        {"classes.state": 1, "learners.state": SUMMER_LEARNERS, "remote_points": SUMMER_POINTS},
        mode=Activity.Mode.HYBRID,
        place="Quận ủy Ba Đình và 55 điểm cầu các trường mầm non, tiểu học, THCS",
        audience="Cán bộ, giáo viên, nhân viên các trường trong và ngoài công lập",
        notes="Kết hợp Hội nghị chuyên đề “Những điểm mới trong Nghị quyết Đại hội XIII của "
        "Đảng”. Ngày tổ chức là dữ liệu minh họa.",
        highlighted=True,
    ),
    DemoActivity(
        BA_DINH,
        "conference",
        "Hội nghị sơ kết công tác Tuyên giáo 9 tháng và triển khai nhiệm vụ trọng tâm 3 tháng "
        "cuối năm 2022",
        date(2022, 9, 29),
        {},
        place="Quận ủy Ba Đình",
        audience="Hệ thống tuyên giáo từ quận tới cơ sở",
        highlighted=True,
    ),
    DemoActivity(
        CITY_BOARD,
        "conference",
        BRIEFING_ITEM,
        date(2022, 10, 6),
        {},
        place="UBND huyện Phúc Thọ",
        audience="Hệ thống tuyên giáo Thủ đô; đại diện Ban Tuyên giáo Trung ương, các sở, ngành",
        notes="Hơn 10 ý kiến tham luận.",
        work_item=BRIEFING_ITEM,
    ),
    DemoActivity(
        THANH_XUAN,
        "article",
        "Tin, bài tuyên truyền Đại hội Đảng bộ quận lần thứ VI trên Cổng thông tin điện tử quận",
        date(2020, 1, 1),  # the seed says from 12/2019; the demo tree begins on 1/1/2020
        {"articles.portal": 30},
        end=TX_REPORTED,
        documents=("149-KH/QU", "158-KH/QU"),
    ),
    DemoActivity(
        THANH_XUAN,
        "article",
        "Phối hợp Báo Kinh tế và Đô thị tuyên truyền đại hội đảng bộ các phường",
        date(2020, 5, 15),  # not in the seed: the period of the ward congresses
        {"articles.online_press": 30, "articles.print_press": 11},
        end=TX_REPORTED,
        notes="Gần 30 bài báo điện tử (ghi 30) trước và sau đại hội các phường; 11 bài báo giấy "
        "gửi tặng đại biểu tại phiên khai mạc.",
        documents=("147/KH-UBND", "838/UBND-VHTT"),
    ),
    DemoActivity(
        THANH_XUAN,
        "publication",
        "Kỷ yếu ảnh Đại hội đại biểu Đảng bộ quận Thanh Xuân lần thứ VI, nhiệm kỳ 2020 - 2025",
        TX_REPORTED,
        {"titles.yearbook": 1},
        documents=("158-KH/QU",),
    ),
    DemoActivity(
        THANH_XUAN,
        "publication",
        "Chuyển 06 đĩa CD tuyên truyền kỷ niệm 90 năm Ngày thành lập Đảng bộ thành phố Hà Nội "
        "tới UBND 11 phường",
        TX_REPORTED,
        {"titles.cd": 6},
        audience="UBND 11 phường",
    ),
    DemoActivity(
        THANH_XUAN,
        "loudspeaker",
        "Tuyên truyền trên hệ thống truyền thanh các phường về kết quả nhiệm vụ chính trị 6 "
        "tháng đầu năm 2020",
        TX_REPORTED,
        {"places": 11},
        audience="Nhân dân 11 phường",
    ),
)


def _share_out(total: int, weights: list[int]) -> list[int]:
    """``total`` in whole parts proportional to ``weights`` (largest remainders)."""
    whole = sum(weights)
    parts = [total * weight // whole for weight in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for index in remainders[: total - sum(parts)]:
        parts[index] += 1
    return parts


def district_classes() -> dict[str, dict[str, int]]:
    """Each district's classes and learners by block, adding up, with Ba Đình's summer
    training, to the city's figures of 8/9/2022."""
    codes = [district_code(name) for _, name in DISTRICTS]
    # Urban districts open more classes than rural ones in the demo: weights 3, 2, 1 by rank.
    weights = [3 if rank < 12 else 2 if rank < 20 else 1 for rank in range(len(codes))]
    figures: dict[str, dict[str, int]] = {code: {} for code in codes}
    for block, (classes, learners) in CITY_CLASSES.items():
        if block == "state":  # the summer training is one of the state block's classes
            classes, learners = classes - 1, learners - SUMMER_LEARNERS
        for code, part in zip(codes, _share_out(classes, weights), strict=True):
            figures[code][f"classes.{block}"] = part
        for code, part in zip(codes, _share_out(learners, weights), strict=True):
            figures[code][f"learners.{block}"] = part
    return figures


def _class_batches() -> list[DemoActivity]:
    return [
        DemoActivity(
            code,
            "training_class",
            "Các lớp bồi dưỡng lý luận chính trị, nghiệp vụ từ đầu năm đến 8/9/2022",
            CLASSES_FROM,
            figures,
            end=CUT_OFF,
            mode=Activity.Mode.HYBRID,
            notes="Tổng hợp các lớp trong kỳ; số liệu chia theo quận là dữ liệu minh họa.",
            work_item=CLASSES_ITEM,
        )
        for code, figures in district_classes().items()
    ]


@dataclass(frozen=True)
class DemoActivitiesSummary:
    created: bool
    activities: int


def _work_item(title: str | None, unit: Unit) -> list[WorkItem]:
    """The programme's work item of that title, if the unit carries it out (its owner, or a
    unit it is assigned to)."""
    if title is None:
        return []
    item = WorkItem.objects.filter(plan__code=PROGRAMME_CODE, title=title).first()
    if item is None:
        return []
    shares = item.assignments.all()
    return [item] if not shares or shares.filter(unit=unit).exists() else []


@transaction.atomic
def ensure_demo_activities() -> DemoActivitiesSummary:
    """Log the demo activities unless Ba Đình's summer training is already logged. Needs the
    demo organisation tree and documents; links to the demo plans when they are loaded."""
    if Activity.objects.filter(title=MARKER_TITLE).exists():
        return DemoActivitiesSummary(False, Activity.objects.count())
    batches = _class_batches()
    wanted = {demo.unit for demo in (*NAMED, *batches)}
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=wanted)}
    missing = sorted(wanted - units.keys())
    if missing:
        raise DemoDataError(
            f"Chưa có đơn vị {', '.join(missing)}: hãy nạp cây tổ chức mẫu trước hoạt động mẫu."
        )
    documents = {d.symbol: d for d in Document.objects.filter(symbol__in=TX_DOCUMENTS)}
    types = {activity_type.code: activity_type for activity_type in ActivityType.objects.all()}
    for demo in (*NAMED, *batches):
        activity_log(
            activity_type=types[demo.type],
            unit=units[demo.unit],
            title=demo.title,
            start_date=demo.start,
            end_date=demo.end,
            mode=demo.mode,
            place=demo.place,
            audience=demo.audience,
            notes=demo.notes,
            is_highlighted=demo.highlighted,
            figures=demo.figures,
            documents=[documents[s] for s in demo.documents if s in documents],
            work_items=_work_item(demo.work_item, units[demo.unit]),
            actor=SYSTEM,
        )
    return DemoActivitiesSummary(True, Activity.objects.count())
