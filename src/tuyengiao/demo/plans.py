"""Demo plans: the city's 2022 work programme (seed 002: 84 of 87 work items done by
30/9/2022) and Ba Đình's plan 229-KH/QU implementing Chỉ thị 30-CT/TW (seed 004: four task
groups), with the tracking of how Ba Đình's wards implemented the directive.

Everything goes through the plans services as the system, with the dates the changes took
effect, so the figures of any past day are those of the status history. Item titles are
written for the demo; the seeds give the headline figures and the four task groups only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from tuyengiao.core.actors import SYSTEM
from tuyengiao.demo.accounts import DemoDataError
from tuyengiao.demo.orgs import WARDS, district_code, ward_code
from tuyengiao.documents.models import Document
from tuyengiao.orgs.models import Unit
from tuyengiao.plans.models import ExpectedUnit, Milestone, Plan, WorkItem, WorkStatus
from tuyengiao.plans.services import (
    assignment_status_set,
    milestone_record,
    plan_create,
    tracking_create,
    tracking_units_expect,
    work_item_add,
    work_item_status_set,
)

PROGRAMME_CODE = "CTCT-2022-BTGTU"
BA_DINH_PLAN_CODE = "KH-229-QU"
SET_ON = date(2022, 1, 1)  # the day the programme's items were set
BOARD = "HN.BTGTU"
MONTHS = range(1, 10)

# Districts that carry out the programme's items assigned below the city.
PROGRAMME_DISTRICTS = ("Ba Đình", "Thanh Xuân", "Long Biên", "Hoàn Kiếm", "Phúc Thọ", "Quốc Oai")


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


@dataclass(frozen=True)
class DemoItem:
    """A programme item: title, deadline, whether the districts share it, and how it ended:
    done a few days before the deadline, ``late_days`` after it, on ``finished_on`` (after
    30/9/2022), or not yet (``unfinished``)."""

    title: str
    due: date
    districts: bool = False
    late_days: int = 0
    finished_on: date | None = None
    unfinished: bool = False
    monthly: bool = False


def _d(month: int, day: int) -> date:
    return date(2022, month, day)


# Work items set for the first nine months of 2022, by field of work (7 groups).
PROGRAMME: tuple[tuple[str, tuple[DemoItem, ...]], ...] = (
    (
        "Tham mưu lãnh đạo, chỉ đạo",
        (
            DemoItem(
                "Tham mưu Kế hoạch thực hiện Chương trình công tác năm 2022 của Thành ủy "
                "về công tác tuyên giáo",
                _d(1, 20),
            ),
            DemoItem(
                "Tham mưu văn bản chỉ đạo tuyên truyền phòng, chống dịch Covid-19 "
                "trong tình hình mới",
                _d(2, 15),
            ),
            DemoItem("Hướng dẫn tuyên truyền kỷ niệm 92 năm Ngày thành lập Đảng", _d(1, 25)),
            DemoItem(
                "Tham mưu Kế hoạch thực hiện Nghị quyết 15-NQ/TW của Bộ Chính trị",
                _d(6, 30),
                late_days=6,
            ),
            DemoItem(
                "Tham mưu sơ kết thực hiện 10 Chương trình công tác toàn khóa của Thành ủy",
                _d(7, 31),
            ),
            DemoItem(
                "Hoàn thiện Đề án chuyển đổi số trong công tác tuyên giáo Thành phố",
                _d(9, 30),
                finished_on=_d(11, 25),
            ),
            DemoItem(
                "Tổng kết 10 năm thực hiện Kết luận về công tác tuyên giáo trong tình hình mới",
                _d(9, 15),
                finished_on=_d(12, 20),
            ),
        ),
    ),
    (
        "Học tập, quán triệt nghị quyết",
        (
            DemoItem(
                "Tổ chức hội nghị học tập, quán triệt Nghị quyết Hội nghị Trung ương 4 khóa XIII",
                _d(2, 28),
                districts=True,
            ),
            DemoItem(
                "Tổ chức học tập, quán triệt Nghị quyết 15-NQ/TW về phát triển Thủ đô",
                _d(7, 31),
                districts=True,
                late_days=4,
            ),
            DemoItem("Biên soạn tài liệu hỏi - đáp về Nghị quyết 15-NQ/TW", _d(6, 30)),
            DemoItem(
                "Tổ chức học tập chuyên đề năm 2022 về học tập và làm theo Bác",
                _d(4, 30),
                districts=True,
            ),
            DemoItem("Hướng dẫn học tập Kết luận 21-KL/TW về xây dựng, chỉnh đốn Đảng", _d(1, 31)),
            DemoItem(
                "Hội nghị báo cáo viên chuyên đề về Nghị quyết Đại hội XVII Đảng bộ Thành phố",
                _d(3, 25),
            ),
            DemoItem(
                "Sơ kết 5 năm thực hiện Chỉ thị 05-CT/TW tại các đảng bộ trực thuộc", _d(5, 31)
            ),
            DemoItem("Biên soạn đề cương tuyên truyền Nghị quyết 09-NQ/TU", _d(4, 20)),
            DemoItem(
                "Kiểm tra việc học tập, quán triệt nghị quyết tại các đảng bộ trực thuộc", _d(9, 20)
            ),
        ),
    ),
    (
        "Tuyên truyền",
        (
            DemoItem(
                "Tuyên truyền Cuộc thi trực tuyến tìm hiểu Nghị quyết 15-NQ/TW",
                _d(9, 10),
                districts=True,
            ),
            DemoItem("Tuyên truyền kỷ niệm 68 năm Ngày Giải phóng Thủ đô (10/10)", _d(9, 30)),
            DemoItem("Tuyên truyền dự án đường Vành đai 4 - Vùng Thủ đô", _d(9, 25)),
            DemoItem("Tuyên truyền kỷ niệm 132 năm Ngày sinh Chủ tịch Hồ Chí Minh", _d(5, 19)),
            DemoItem("Tuyên truyền Ngày Quốc khánh 2/9", _d(8, 31), districts=True),
            DemoItem("Xây dựng và phát hành bản tin Thông tin nội bộ quý", _d(9, 5)),
            DemoItem(
                "Cập nhật tin bài lên Trang thông tin điện tử của Ban hằng tháng",
                _d(9, 30),
                monthly=True,
            ),
            DemoItem(
                "Xuất bản sách ảnh về thành tựu Thủ đô sau 2 năm thực hiện Nghị quyết Đại hội XVII",
                _d(6, 30),
                unfinished=True,
            ),
        ),
    ),
    (
        "Nắm bắt dư luận xã hội",
        (
            DemoItem("Kiện toàn mạng lưới cộng tác viên dư luận xã hội năm 2022", _d(3, 31)),
            DemoItem("Tập huấn nghiệp vụ cho cộng tác viên dư luận xã hội", _d(5, 31)),
            DemoItem(
                "Điều tra dư luận xã hội về công tác phòng, chống dịch", _d(4, 15), late_days=10
            ),
            DemoItem("Tổng hợp ý kiến nhân dân về dự án Vành đai 4", _d(8, 31)),
            DemoItem("Báo cáo chuyên đề dư luận xã hội về giá cả, thị trường", _d(6, 10)),
            DemoItem("Báo cáo chuyên đề dư luận xã hội về chuyển đổi số", _d(9, 12)),
        ),
    ),
    (
        "Lý luận chính trị, bồi dưỡng",
        (
            DemoItem(
                "Mở các lớp bồi dưỡng lý luận chính trị cho đảng viên mới", _d(9, 8), districts=True
            ),
            DemoItem("Bồi dưỡng nghiệp vụ công tác tuyên giáo cho cán bộ cơ sở", _d(6, 15)),
            DemoItem("Hội nghị báo cáo viên Thành phố hằng tháng", _d(9, 30), monthly=True),
            DemoItem("Kiện toàn đội ngũ báo cáo viên Thành ủy", _d(3, 15)),
            DemoItem("Cung cấp thông tin định kỳ cho báo cáo viên quý II", _d(6, 25)),
            DemoItem("Tổ chức Hội thi báo cáo viên giỏi cấp Thành phố", _d(8, 20)),
            DemoItem("Kiểm tra chất lượng các lớp bồi dưỡng chính trị hè", _d(8, 31)),
        ),
    ),
    (
        "Khoa giáo, văn hóa, văn nghệ, báo chí",
        (
            DemoItem("Tổ chức Giải báo chí về xây dựng Đảng của Thành phố", _d(6, 21)),
            DemoItem("Tổ chức Giải báo chí về Thủ đô Hà Nội", _d(9, 20)),
            DemoItem("Hướng dẫn tuyên truyền Năm Du lịch Hà Nội 2022", _d(4, 10)),
            DemoItem("Giao ban báo chí định kỳ với các cơ quan báo chí Thủ đô", _d(9, 28)),
            DemoItem("Theo dõi, định hướng hoạt động văn học, nghệ thuật", _d(7, 15)),
            DemoItem("Khảo sát việc ứng dụng khoa học, công nghệ trong các trường học", _d(5, 30)),
            DemoItem(
                "Tham mưu chương trình phối hợp với Đài Phát thanh và Truyền hình Hà Nội", _d(3, 31)
            ),
        ),
    ),
    (
        "Giao ban, sơ kết, báo cáo",
        (
            DemoItem("Sơ kết công tác tuyên giáo 6 tháng đầu năm 2022", _d(7, 10)),
            DemoItem("Hội nghị giao ban công tác tuyên giáo 9 tháng đầu năm 2022", _d(9, 30)),
            DemoItem(
                "Báo cáo kết quả thực hiện Chỉ thị 05-CT/TW năm 2022", _d(8, 15), districts=True
            ),
            DemoItem("Báo cáo công tác tuyên giáo quý I gửi Ban Tuyên giáo Trung ương", _d(3, 20)),
            DemoItem("Báo cáo công tác tuyên giáo quý II gửi Ban Tuyên giáo Trung ương", _d(6, 20)),
            DemoItem(
                "Báo cáo công tác tuyên giáo quý III gửi Ban Tuyên giáo Trung ương", _d(9, 20)
            ),
            DemoItem("Rà soát tiến độ các đầu việc của Chương trình công tác năm", _d(9, 25)),
        ),
    ),
)

# Monthly series, one work item a month (January to September), in the group named first.
MONTHLY_SERIES = (
    ("Tuyên truyền", "Cung cấp tài liệu sinh hoạt chi bộ tháng {month}", 10),
    ("Nắm bắt dư luận xã hội", "Báo cáo tình hình dư luận xã hội tháng {month}", 25),
    ("Khoa giáo, văn hóa, văn nghệ, báo chí", "Định hướng thông tin báo chí tháng {month}", 5),
    ("Giao ban, sơ kết, báo cáo", "Giao ban công tác tuyên giáo tháng {month}", 28),
)


def programme_items() -> dict[str, list[DemoItem]]:
    """The 87 items by group: 45 named ones and 4 monthly series of 9."""
    groups = {title: list(items) for title, items in PROGRAMME}
    for group, title, day in MONTHLY_SERIES:
        for month in MONTHS:
            due = min(date(2022, month, day), _month_end(2022, month))
            groups[group].append(DemoItem(title.format(month=month), due))
    return groups


def _done_on(demo: DemoItem, index: int) -> date:
    """A plausible completion date: a few days before the deadline, or ``late_days`` after."""
    if demo.late_days:
        return demo.due + timedelta(days=demo.late_days)
    return demo.due - timedelta(days=index % 6)


def _ensure_programme(units: dict[str, Unit], statuses: dict[str, WorkStatus]) -> Plan:
    board = units[BOARD]
    plan = plan_create(
        code=PROGRAMME_CODE,
        title="Chương trình công tác tuyên giáo năm 2022 của Ban Tuyên giáo Thành ủy",
        kind=Plan.Kind.WORK_PROGRAMME,
        owner=board,
        starts_on=date(2022, 1, 1),
        ends_on=date(2022, 12, 31),
        year=2022,
        actor=SYSTEM,
    )
    districts = [units[district_code(name)] for name in PROGRAMME_DISTRICTS]
    set_on = SET_ON
    index = 0
    for number, (group_title, items) in enumerate(programme_items().items(), start=1):
        group = work_item_add(
            plan=plan,
            title=group_title,
            owner=board,
            number=_roman(number),
            actor=SYSTEM,
            on=set_on,
        )
        for demo in items:
            index += 1
            item = work_item_add(
                plan=plan,
                parent=group,
                title=demo.title,
                owner=board,
                due_on=demo.due,
                recurrence=WorkItem.Recurrence.MONTHLY if demo.monthly else "",
                due_day=25 if demo.monthly else None,
                assignees=districts if demo.districts else (),
                actor=SYSTEM,
                on=set_on,
            )
            _progress(item, demo, index, statuses)
    return plan


def _progress(item: WorkItem, demo: DemoItem, index: int, statuses: dict[str, WorkStatus]) -> None:
    # Started a month before the deadline (not before the item was set), done after that.
    started = max(SET_ON + timedelta(days=1), demo.due - timedelta(days=30))
    finished = None if demo.unfinished else demo.finished_on or _done_on(demo, index)
    if finished:
        started = max(SET_ON + timedelta(days=1), min(started, finished - timedelta(days=3)))
        finished = max(finished, started + timedelta(days=1))
    shares = list(item.assignments.order_by("unit__code"))
    for offset, share in enumerate(shares or [None]):
        if share is None:
            work_item_status_set(
                item=item, status=statuses["in_progress"], actor=SYSTEM, on=started
            )
            if finished:
                work_item_status_set(item=item, status=statuses["done"], actor=SYSTEM, on=finished)
            continue
        assignment_status_set(
            assignment=share, status=statuses["in_progress"], actor=SYSTEM, on=started
        )
        done = finished - timedelta(days=offset % 3) if finished else None
        if done:
            assignment_status_set(assignment=share, status=statuses["done"], actor=SYSTEM, on=done)


def _roman(number: int) -> str:
    return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")[number - 1]


# --- Ba Đình: 229-KH/QU implementing Chỉ thị 30-CT/TW (seed 004) -------------------------

BA_DINH = "Ba Đình"
BA_DINH_GROUPS = (
    (
        "Nâng cao vai trò lãnh đạo của cấp ủy và trách nhiệm người đứng đầu đối với công tác "
        "tuyên truyền miệng",
        (
            (
                "Đảng ủy phường ban hành kế hoạch thực hiện Chỉ thị 30-CT/TW",
                date(2024, 6, 30),
                True,
            ),
            (
                "Tổ chức học tập, quán triệt Chỉ thị 30-CT/TW đến cán bộ, đảng viên",
                date(2024, 7, 31),
                True,
            ),
        ),
    ),
    (
        "Xác định nội dung tuyên truyền trọng yếu, gắn với bảo vệ nền tảng tư tưởng của Đảng",
        (
            ("Xây dựng định hướng nội dung tuyên truyền miệng hằng quý", date(2024, 9, 30), False),
            (
                "Nắm tình hình tư tưởng cán bộ, đảng viên và nhân dân trên địa bàn",
                date(2024, 12, 31),
                True,
            ),
        ),
    ),
    (
        "Đa dạng hóa phương thức tuyên truyền miệng, trực tiếp và trực tuyến",
        (
            ("Xây dựng mô hình tuyên truyền miệng trên nền tảng số", date(2024, 12, 15), False),
            (
                "Lồng ghép tuyên truyền miệng vào sinh hoạt tổ dân phố và mô hình “Dân vận khéo”",
                date(2025, 3, 31),
                True,
            ),
        ),
    ),
    (
        "Củng cố, kiện toàn đội ngũ báo cáo viên, tuyên truyền viên",
        (
            ("Rà soát, kiện toàn đội ngũ tuyên truyền viên cơ sở", date(2024, 9, 15), True),
            (
                "Bồi dưỡng kỹ năng cho báo cáo viên, tuyên truyền viên của quận",
                date(2024, 11, 30),
                False,
            ),
        ),
    ),
)


def _ensure_ba_dinh(units: dict[str, Unit], statuses: dict[str, WorkStatus]) -> Plan:
    district = units[district_code(BA_DINH)]
    board = units[f"{district_code(BA_DINH)}.BTG"]
    wards = [units[ward_code(BA_DINH, name)] for _, name in WARDS[BA_DINH]]
    document = Document.objects.get(symbol="229-KH/QU")
    plan = plan_create(
        code=BA_DINH_PLAN_CODE,
        title="Kế hoạch số 229-KH/QU của Quận ủy Ba Đình thực hiện Chỉ thị 30-CT/TW "
        "về công tác tuyên truyền miệng trong tình hình mới",
        kind=Plan.Kind.IMPLEMENTATION,
        owner=district,
        document=document,
        starts_on=date(2024, 6, 10),
        ends_on=date(2025, 6, 30),
        year=2024,
        actor=SYSTEM,
    )
    set_on = plan.starts_on
    for number, (group_title, items) in enumerate(BA_DINH_GROUPS, start=1):
        group = work_item_add(
            plan=plan,
            title=group_title,
            owner=district,
            number=str(number),
            actor=SYSTEM,
            on=set_on,
        )
        for position, (title, due, to_wards) in enumerate(items, start=1):
            item = work_item_add(
                plan=plan,
                parent=group,
                number=f"{number}.{position}",
                title=title,
                owner=board,
                due_on=due,
                assignees=wards if to_wards else (),
                actor=SYSTEM,
                on=set_on,
            )
            _ba_dinh_progress(item, due, statuses)
    return plan


def _ba_dinh_progress(item: WorkItem, due: date, statuses: dict[str, WorkStatus]) -> None:
    """Most wards finish by the deadline, some late, and the last two of the list are still
    working on the items due after 2024."""
    shares = list(item.assignments.order_by("unit__code"))
    if not shares:
        work_item_status_set(item=item, status=statuses["done"], actor=SYSTEM, on=due)
        return
    for index, share in enumerate(shares):
        start = max(item.plan.starts_on, due - timedelta(days=20))
        assignment_status_set(
            assignment=share, status=statuses["in_progress"], actor=SYSTEM, on=start
        )
        if due.year > 2024 and index >= len(shares) - 2:
            continue
        done = due + timedelta(days=7) if index % 5 == 4 else due - timedelta(days=index % 4)
        assignment_status_set(assignment=share, status=statuses["done"], actor=SYSTEM, on=done)


def _ensure_tracking(plan: Plan, units: dict[str, Unit]) -> None:
    district = units[district_code(BA_DINH)]
    tracking = tracking_create(
        directive=Document.objects.get(symbol="30-CT/TW"),
        owner=district,
        plan=plan,
        title="Triển khai Chỉ thị 30-CT/TW tại các đảng ủy phường quận Ba Đình",
        expected_as_of=date(2024, 6, 10),
        plan_due=date(2024, 6, 30),
        conference_due=date(2024, 7, 31),
        interim_review_due=date(2025, 1, 15),
        final_review_due=date(2025, 6, 15),
        actor=SYSTEM,
    )
    expected = tracking_units_expect(
        tracking=tracking, root=district, kind_codes=["commune_committee"], actor=SYSTEM
    )
    for index, entry in enumerate(sorted(expected, key=lambda e: e.unit.code)):
        _ward_milestones(entry, index)


def _ward_milestones(entry: ExpectedUnit, index: int) -> None:
    """By the ward's place in code order: plans issued in June (the last two late, in July),
    conferences in July–August except the last ward's, interim reviews by nine wards."""
    plan_day = date(2024, 6, 18) + timedelta(days=index) if index < 12 else date(2024, 7, 8)
    milestone_record(
        expected_unit=entry,
        kind=Milestone.Kind.PLAN_ISSUED,
        done_on=plan_day,
        note=f"Kế hoạch số {20 + index:02d}-KH/ĐU (dữ liệu minh họa)",
        actor=SYSTEM,
    )
    if index == 13:
        return  # the last ward has not held its conference
    expected = 180 + 15 * index
    milestone_record(
        expected_unit=entry,
        kind=Milestone.Kind.CONFERENCE,
        done_on=date(2024, 7, 10) + timedelta(days=2 * index),
        attended=expected - (3 + index % 7),
        expected=expected,
        actor=SYSTEM,
    )
    if index < 9:
        milestone_record(
            expected_unit=entry,
            kind=Milestone.Kind.INTERIM_REVIEW,
            done_on=date(2025, 1, 8) + timedelta(days=index),
            actor=SYSTEM,
        )


@dataclass(frozen=True)
class DemoPlansSummary:
    created: bool
    plans: int
    items: int


@transaction.atomic
def ensure_demo_plans() -> DemoPlansSummary:
    """Create the demo plans and tracking unless the city's programme is already there.
    Needs the demo organisation tree and documents."""
    if Plan.objects.filter(code=PROGRAMME_CODE).exists():
        return _summary(created=False)
    if not Document.objects.filter(symbol__in=["229-KH/QU", "30-CT/TW"]).count() == 2:
        raise DemoDataError("Chưa có văn bản 229-KH/QU, 30-CT/TW: hãy nạp văn bản mẫu trước.")
    units = {unit.code: unit for unit in Unit.objects.filter(code__startswith="HN")}
    statuses = {status.code: status for status in WorkStatus.objects.all()}
    _ensure_programme(units, statuses)
    ba_dinh = _ensure_ba_dinh(units, statuses)
    _ensure_tracking(ba_dinh, units)
    return _summary(created=True)


def _summary(*, created: bool) -> DemoPlansSummary:
    plans = Plan.objects.filter(code__in=[PROGRAMME_CODE, BA_DINH_PLAN_CODE])
    return DemoPlansSummary(
        created=created,
        plans=plans.count(),
        items=WorkItem.objects.filter(plan__in=plans).count(),
    )
