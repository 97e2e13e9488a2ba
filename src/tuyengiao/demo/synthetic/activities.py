"""The activity log of 2024–2025: conferences, study sessions, classes, oral and visual
propaganda, loudspeaker broadcasts, cultural events, publications, articles and contests,
held by the wards and communes (most), the boards and the committees.

An activity belongs to a unit alive on its date: the old wards until 30 June 2025, the new
ones from 1 July. Figures are those the activity type collects (``TypeFigure``); a figure
broken down by a category gets a part for each option and a total equal to their sum, and
links for remote points only come with online or hybrid activities, as the activity
service requires.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import accumulate

from tuyengiao.activities.models import Activity, ActivityFigure, ActivityType
from tuyengiao.core.text import fold
from tuyengiao.demo.synthetic.base import FIRST_DAY, LAST_DAY, REFORM, Context
from tuyengiao.demo.synthetic.documents import CENTRAL, _anniversary
from tuyengiao.demo.synthetic.orgs import Tree
from tuyengiao.reporting.periods import ROMAN

BATCH = 2000

# How often each type occurs, and its titles ({c}: a central document, {a}: an anniversary,
# {m}/{q}/{y}: month, quarter, year).
TYPES = {
    "conference": (6, ("Hội nghị sơ kết công tác tuyên giáo quý {q} năm {y}",
                       "Hội nghị triển khai nhiệm vụ công tác dân vận năm {y}")),
    "study_conference": (6, ("Hội nghị học tập, quán triệt {c}",)),
    "training_class": (5, ("Lớp bồi dưỡng lý luận chính trị cho đảng viên mới năm {y}",
                           "Lớp bồi dưỡng nghiệp vụ công tác tuyên giáo năm {y}",
                           "Lớp bồi dưỡng kết nạp Đảng cho quần chúng ưu tú")),
    "oral_propaganda": (8, ("Tuyên truyền miệng về {c}",
                            "Tuyên truyền miệng chào mừng {a}")),
    "reporters_briefing": (4, ("Hội nghị báo cáo viên tháng {m}/{y}",)),
    "opinion_meeting": (2, ("Giao ban cộng tác viên dư luận xã hội quý {q}/{y}",)),
    "cultural_event": (4, ("Chương trình văn nghệ chào mừng {a}",)),
    "visual_propaganda": (5, ("Tuyên truyền trực quan chào mừng {a}",)),
    "loudspeaker": (6, ("Tuyên truyền trên hệ thống loa truyền thanh về {c}",)),
    "publication": (1, ("Xuất bản tài liệu hỏi - đáp về {c}",)),
    "article": (5, ("Tin, bài tuyên truyền {a}",)),
    "contest": (1, ("Cuộc thi tìm hiểu lịch sử Đảng bộ năm {y}",)),
}  # fmt: skip
RANGES = {
    "participants": (30, 400),
    "expected": (30, 420),
    "remote_points": (1, 30),
    "classes": (1, 3),
    "learners": (30, 120),
    "opinions": (5, 40),
    "performances": (5, 20),
    "banners": (5, 60),
    "panels": (1, 10),
    "places": (1, 15),
    "broadcasts": (10, 60),
    "minutes": (60, 600),
    "copies": (200, 5000),
    "titles": (1, 5),
    "articles": (1, 20),
    "entries": (50, 2000),
    "prizes": (5, 30),
}
AUDIENCES = ("Cán bộ, đảng viên", "Hội viên các đoàn thể", "Nhân dân trên địa bàn",
             "Đoàn viên thanh niên", "Học sinh, sinh viên", "Cán bộ, công chức")  # fmt: skip


def _figures(rng, spec, mode: str) -> list[tuple[int, int | None, int]]:
    """(figure id, option id or None, value) for one activity of ``spec``'s type."""
    rows: list[tuple[int, int | None, int]] = []
    totals: dict[str, int] = {}
    for type_figure in spec:
        figure = type_figure.figure
        if figure.code == "remote_points" and mode == Activity.Mode.IN_PERSON:
            continue
        low, high = RANGES.get(figure.code, (1, 50))
        value = rng.randint(low, high)
        options = list(figure.category.options.all()) if figure.category_id else []
        if options:
            parts = [rng.randint(0, max(1, value * 2 // len(options))) for _ in options]
            rows += [
                (figure.pk, option.pk, part) for option, part in zip(options, parts, strict=True)
            ]
            value = sum(parts)
        totals[figure.code] = value
        rows.append((figure.pk, None, value))
    # Those expected to attend are never fewer than those who came.
    if "expected" in totals and totals["expected"] < totals.get("participants", 0):
        extra = totals["participants"] + rng.randint(0, 30)
        expected = next(t.figure.pk for t in spec if t.figure.code == "expected")
        rows = [(f, o, extra if (f, o) == (expected, None) else v) for f, o, v in rows]
    return rows


def _place(rng, fake, unit_name: str) -> str:
    if rng.random() < 0.5:
        return f"Hội trường {unit_name.replace('Đảng ủy ', 'UBND ')}"
    return f"Nhà văn hóa tổ dân phố số {rng.randint(1, 30)}, {fake.street_name()}"


def generate_activities(ctx: Context, tree: Tree, authors: dict[str, list[int]]) -> None:
    rng, fake = ctx.rng("activities"), ctx.faker("activities")
    types = {
        t.code: t
        for t in ActivityType.objects.prefetch_related(
            "type_figures__figure__category__options"
        ).filter(code__in=list(TYPES))
    }
    codes = [code for code in TYPES if code in types]
    specs = {code: list(types[code].type_figures.all()) for code in codes}
    type_weights = [TYPES[code][0] for code in codes]
    weights = {"board": 6, "province": 3, "district": 3, "ward": 1, "commune": 3, "root": 0}
    pools = {}
    for after, nodes in ((False, tree.before), (True, tree.after)):
        nodes = [node for node in nodes if weights[node.level]]
        pools[after] = (nodes, list(accumulate(weights[node.level] for node in nodes)))
    days = (LAST_DAY - FIRST_DAY).days
    central = list(CENTRAL)
    total = ctx.scale.activities
    figures_total = 0
    with ctx.bar("Hoạt động", total) as bar:
        for start in range(0, total, BATCH):
            activities, figure_rows = [], []
            for _ in range(min(BATCH, total - start)):
                day = FIRST_DAY + timedelta(days=rng.randrange(days + 1))
                nodes, node_weights = pools[day >= REFORM]
                node = rng.choices(nodes, cum_weights=node_weights)[0]
                code = rng.choices(codes, type_weights)[0]
                title = rng.choice(TYPES[code][1]).format(
                    c=rng.choice([c for c in central if c.issue_date <= day] or central[:2]).short,
                    a=_anniversary(rng, day.year),
                    m=day.month,
                    q=ROMAN[(day.month - 1) // 3],
                    y=day.year,
                )
                mode = rng.choices(list(Activity.Mode), (7, 1, 2))[0]
                length = rng.choice((0, 0, 0, 0, 1, 2)) if code == "training_class" else 0
                end = day + timedelta(days=length) if length else None
                logged = authors.get(node.code, [None])
                activities.append(
                    Activity(
                        activity_type=types[code],
                        unit=node.unit,
                        title=title,
                        title_folded=fold(title),
                        start_date=day,
                        end_date=end if end is None or end <= LAST_DAY else None,
                        place=_place(rng, fake, node.name),
                        mode=mode,
                        audience=rng.choice(AUDIENCES),
                        logged_by_id=logged[-1],
                    )
                )
                figure_rows.append(_figures(rng, specs[code], mode))
            created = Activity.objects.bulk_create(activities)
            rows = [
                ActivityFigure(activity=activity, figure_id=figure, option_id=option, value=value)
                for activity, values in zip(created, figure_rows, strict=True)
                for figure, option, value in values
            ]
            ActivityFigure.objects.bulk_create(rows, batch_size=5000)
            figures_total += len(rows)
            bar.update(len(activities))
    ctx.count("Hoạt động", total)
    ctx.count("Số liệu hoạt động", figures_total)
