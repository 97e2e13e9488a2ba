"""Demo contest: the online contest on Nghị quyết 15-NQ/TW of the Politburo (the capital's
development to 2030, vision 2045), as the city committee ran it in 2022 with 4 weekly rounds.

The rounds are placed around the day the demo is loaded (the first one has just ended, the
second is open), so the public pages can be tried at once and the first round has results.
Questions are written for the demo in the project's own words. Entrants of the first round are
invented names marked as demonstration data; everything goes through the contest services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from tuyengiao.contests.models import Contest, Option, PredictionTarget, Question
from tuyengiao.contests.selectors import registration_units
from tuyengiao.contests.services import (
    Prize,
    attempt_start,
    attempt_submit,
    contest_save,
    entrant_register,
    round_compute_results,
    round_save,
)
from tuyengiao.core.actors import SYSTEM
from tuyengiao.demo.accounts import DemoDataError
from tuyengiao.documents.models import Document
from tuyengiao.orgs.models import Unit

SLUG = "nghi-quyet-15"
CITY = "HN"
RESOLUTION = "15-NQ/TW"

# (code, topic, question, options, indexes of the right options)
QUESTIONS: tuple[tuple[str, str, str, tuple[str, ...], tuple[int, ...]], ...] = (
    (
        "NQ15-01",
        "Ban hành",
        "Nghị quyết số 15-NQ/TW về phương hướng, nhiệm vụ phát triển Thủ đô Hà Nội do cơ quan "
        "nào ban hành?",
        ("Bộ Chính trị", "Ban Bí thư", "Quốc hội", "Chính phủ"),
        (0,),
    ),
    (
        "NQ15-02",
        "Ban hành",
        "Nghị quyết số 15-NQ/TW được ban hành ngày nào?",
        ("05/5/2022", "01/8/2022", "10/10/2020", "01/7/2025"),
        (0,),
    ),
    (
        "NQ15-03",
        "Ban hành",
        "Nghị quyết số 15-NQ/TW định hướng phát triển Thủ đô đến năm nào, với tầm nhìn đến năm "
        "nào?",
        (
            "Đến năm 2030, tầm nhìn đến năm 2045",
            "Đến năm 2025, tầm nhìn đến năm 2035",
            "Đến năm 2045, tầm nhìn đến năm 2065",
            "Đến năm 2030, tầm nhìn đến năm 2050",
        ),
        (0,),
    ),
    (
        "NQ15-04",
        "Mục tiêu",
        "Theo Nghị quyết, đến năm 2030 Thủ đô Hà Nội phát triển theo định hướng nào?",
        (
            "Văn hiến - Văn minh - Hiện đại",
            "Xanh - Sạch - Đẹp",
            "Thông minh - Sáng tạo - Nghĩa tình",
            "Giàu đẹp - Văn minh - Nghĩa tình",
        ),
        (0,),
    ),
    (
        "NQ15-05",
        "Vị trí Thủ đô",
        "Những vai trò nào sau đây là vai trò của Thủ đô Hà Nội đối với cả nước? (chọn tất cả "
        "phương án đúng)",
        (
            "Trung tâm chính trị - hành chính quốc gia",
            "Trung tâm lớn về kinh tế, văn hóa, giáo dục và đào tạo, khoa học và công nghệ",
            "Trung tâm giao lưu quốc tế",
            "Đặc khu kinh tế duy nhất của cả nước",
        ),
        (0, 1, 2),
    ),
    (
        "NQ15-06",
        "Chính quyền địa phương",
        "Từ ngày 01/7/2025, Hà Nội tổ chức chính quyền địa phương theo mô hình nào?",
        (
            "Hai cấp: thành phố và xã, phường",
            "Ba cấp: thành phố, quận huyện, xã phường",
            "Bốn cấp: thành phố, quận, phường, tổ dân phố",
            "Một cấp: thành phố",
        ),
        (0,),
    ),
    (
        "NQ15-07",
        "Chính quyền địa phương",
        "Sau sắp xếp năm 2025, Hà Nội có bao nhiêu đơn vị hành chính cấp xã?",
        ("126", "30", "526", "579"),
        (0,),
    ),
    (
        "NQ15-08",
        "Chính quyền địa phương",
        "126 đơn vị hành chính cấp xã của Hà Nội sau sắp xếp năm 2025 gồm những loại nào? (chọn "
        "tất cả phương án đúng)",
        ("51 phường", "75 xã", "30 quận, huyện", "1 thị xã"),
        (0, 1),
    ),
    (
        "NQ15-09",
        "Triển khai",
        "Hà Nội phát động hội thi tìm hiểu Nghị quyết số 15-NQ/TW vào thời gian nào?",
        ("Tháng 8/2022", "Tháng 5/2020", "Tháng 1/2025", "Tháng 12/2023"),
        (0,),
    ),
    (
        "NQ15-10",
        "Triển khai",
        "Vòng sơ khảo hội thi trực tuyến tìm hiểu Nghị quyết số 15-NQ/TW năm 2022 kéo dài bao "
        "nhiêu tuần?",
        ("4 tuần", "1 tuần", "10 tuần", "20 tuần"),
        (0,),
    ),
    (
        "NQ15-11",
        "Triển khai",
        "Theo báo cáo của ngành Tuyên giáo Thủ đô, cuộc thi trực tuyến tìm hiểu Nghị quyết số "
        "15-NQ/TW năm 2022 có khoảng bao nhiêu lượt người tham gia?",
        ("Hơn 1 triệu lượt", "Khoảng 10 nghìn lượt", "Khoảng 100 lượt", "Hơn 50 triệu lượt"),
        (0,),
    ),
    (
        "NQ15-12",
        "Thể lệ",
        "Theo thể lệ cuộc thi này, kết quả nào của người dự thi trong một tuần được tính để xếp "
        "giải?",
        ("Lượt thi tốt nhất", "Lượt thi đầu tiên", "Lượt thi cuối cùng", "Trung bình các lượt thi"),
        (0,),
    ),
    (
        "NQ15-13",
        "Thể lệ",
        "Theo thể lệ cuộc thi này, khi nhiều người cùng số câu trả lời đúng, tiêu chí nào được "
        "xét tiếp theo?",
        (
            "Dự đoán gần đúng nhất số người tham gia tuần thi",
            "Tuổi của người dự thi",
            "Số lần đăng nhập",
            "Thứ tự bảng chữ cái của họ tên",
        ),
        (0,),
    ),
    (
        "NQ15-14",
        "Thể lệ",
        "Những thông tin nào người dự thi khai khi đăng ký? (chọn tất cả phương án đúng)",
        (
            "Số điện thoại di động",
            "Họ và tên, năm sinh",
            "Xã, phường nơi sinh sống hoặc làm việc",
            "Số tài khoản ngân hàng",
        ),
        (0, 1, 2),
    ),
    (
        "NQ15-15",
        "Thể lệ",
        "Theo thể lệ, ai không được tham gia dự thi?",
        ("Thành viên ban tổ chức", "Học sinh từ 14 tuổi trở lên", "Người cao tuổi", "Đảng viên"),
        (0,),
    ),
    (
        "NQ15-16",
        "Dữ liệu cá nhân",
        "Văn bản nào quy định về bảo vệ dữ liệu cá nhân mà ban tổ chức tuân thủ khi thu thập "
        "thông tin người dự thi?",
        (
            "Nghị định số 13/2023/NĐ-CP",
            "Nghị định số 30/2020/NĐ-CP",
            "Chỉ thị số 05-CT/TW",
            "Luật Báo chí",
        ),
        (0,),
    ),
)

PRIZES: list[Prize] = [
    {"name": "Giải Nhất", "count": 1},
    {"name": "Giải Nhì", "count": 2},
    {"name": "Giải Ba", "count": 5},
    {"name": "Giải Khuyến khích", "count": 8},
]
# Invented entrants of the first round: (family and middle names, given name).
FAMILY = (
    "Nguyễn Văn",
    "Trần Thị",
    "Lê Minh",
    "Phạm Thu",
    "Hoàng Đức",
    "Vũ Thị",
    "Đặng Quốc",
    "Bùi Thanh",
)
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga")
DEMO_ENTRANTS = 30


@dataclass(frozen=True)
class DemoContestSummary:
    created: bool
    rounds: int
    questions: int
    entrants: int


def _summary(contest: Contest, *, created: bool) -> DemoContestSummary:
    return DemoContestSummary(
        created, contest.rounds.count(), contest.questions.count(), contest.entrants.count()
    )


def _week_start(now: datetime) -> datetime:
    """The latest Monday 08:00, local time, at or before ``now``.

    On a Monday before 08:00 that is last week's: the round it closes must already be over,
    or its results could not be computed.
    """
    today = timezone.localdate(now)
    start = timezone.make_aware(datetime.combine(today - timedelta(days=today.weekday()), time(8)))
    return start if start <= now else start - timedelta(days=7)


def _questions(contest: Contest) -> None:
    source = Document.objects.filter(symbol=RESOLUTION).first()
    for code, topic, text, options, right in QUESTIONS:
        question = Question.objects.create(
            contest=contest,
            code=code,
            text=text,
            topic=topic,
            kind=Question.Kind.MULTIPLE if len(right) > 1 else Question.Kind.SINGLE,
            source_document=source if topic in ("Ban hành", "Mục tiêu", "Vị trí Thủ đô") else None,
            source_note=RESOLUTION,
        )
        Option.objects.bulk_create(
            Option(question=question, position=i, text=option, is_correct=i in right)
            for i, option in enumerate(options)
        )


def _first_round_entrants(contest: Contest, round_, units: list[tuple[int, str]]) -> None:
    """Invented entrants take the first round while it was open; its results are computed."""
    allowed = {pk for pk, _ in units}
    rights = {
        q: set(Option.objects.filter(question_id=q, is_correct=True).values_list("pk", flat=True))
        for q in contest.questions.values_list("pk", flat=True)
    }
    for index in range(DEMO_ENTRANTS):
        name = f"{FAMILY[index % len(FAMILY)]} {GIVEN[index % len(GIVEN)]}"
        entrant = entrant_register(
            contest=contest,
            phone=f"0900{index:06d}",
            full_name=name,
            birth_year=1960 + (index * 7) % 45,
            unit=Unit.objects.get(pk=units[index % min(len(units), 6)][0]),
            allowed_units=allowed,
            consent=True,
            today=timezone.localdate(round_.opens_at),
        )
        for sitting in range(1 + index % 3):
            start = round_.opens_at + timedelta(hours=5 * index + sitting, minutes=index)
            attempt = attempt_start(entrant=entrant, round_=round_, now=start)
            # Later sittings know more: each one gets one more question right.
            known = 2 + sitting + index % 3
            answers = {
                item["q"]: sorted(rights[item["q"]]) if n < known else item["o"][-1:]
                for n, item in enumerate(attempt.paper)
            }
            attempt_submit(
                attempt=attempt,
                entrant_id=entrant.pk,
                answers=answers,
                prediction=20 + (index * 3) % 25,
                now=start + timedelta(seconds=90 + 13 * index + 7 * sitting),
            )


def ensure_demo_contest() -> DemoContestSummary:
    """Create the demo contest once; later calls change nothing."""
    existing = Contest.objects.filter(slug=SLUG).first()
    if existing is not None:
        return _summary(existing, created=False)
    organiser = Unit.objects.filter(code=CITY).first()
    if organiser is None:
        raise DemoDataError("Chưa có cây tổ chức mẫu (đơn vị HN): nạp dữ liệu tổ chức trước.")
    now = timezone.now()
    with transaction.atomic():
        contest = contest_save(
            actor=SYSTEM,
            title="Tìm hiểu Nghị quyết số 15-NQ/TW của Bộ Chính trị về phương hướng, nhiệm vụ "
            "phát triển Thủ đô Hà Nội đến năm 2030, tầm nhìn đến năm 2045",
            slug=SLUG,
            organiser=organiser,
            description=(
                "Cuộc thi trực tuyến (dữ liệu minh họa) do Ban Tuyên giáo và Dân vận Thành ủy tổ "
                "chức: 4 tuần thi, mỗi lượt 5 câu hỏi ngẫu nhiên trong 10 phút, mỗi tuần tối đa "
                "3 lượt, tính lượt tốt nhất; câu hỏi dự đoán số người tham gia tuần thi."
            ),
            is_published=True,
            questions_per_attempt=5,
            time_limit_seconds=600,
            max_attempts=3,
            prediction_target=PredictionTarget.PARTICIPANTS,
            prizes=PRIZES,
            min_age=14,
            excluded_phones="0901234567",
            data_purpose=(
                "Xác minh người dự thi, liên hệ trao giải và thống kê số người tham gia theo "
                "xã, phường."
            ),
            retention_until=(now + timedelta(days=365)).date(),
        )
        _questions(contest)
        first_monday = _week_start(now) - timedelta(days=7)
        rounds = []
        for number in range(1, 5):
            opens = first_monday + timedelta(days=7 * (number - 1))
            rounds.append(
                round_save(
                    contest=contest,
                    actor=SYSTEM,
                    number=number,
                    title=f"Tuần thi thứ {number}",
                    opens_at=opens,
                    closes_at=opens + timedelta(days=7),
                )
            )
        units = registration_units(contest)
        if units:
            _first_round_entrants(contest, rounds[0], units)
            round_compute_results(round_=rounds[0], actor=SYSTEM, now=now)
    return _summary(contest, created=True)
