"""An online contest of the top unit in autumn 2025: four weekly rounds, a bank of questions
with four options each, entrants registered in the new wards and communes, and their
attempts (up to three a round, the paper drawn from the bank, the answers scored).

Entrants and attempts are written in bulk, each attempt as the attempt services would have
left it (paper, answers, correct count, server times, prediction); a few were never
submitted. Every round has closed, and its results are computed by
``round_compute_results``, so standings and prizes are the platform's own.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from itertools import permutations

from tuyengiao.contests.models import Attempt, Contest, Entrant, Option, Question
from tuyengiao.contests.services import contest_save, round_compute_results, round_save
from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.text import fold
from tuyengiao.demo.synthetic.base import Context, aware, person_name
from tuyengiao.demo.synthetic.documents import CENTRAL
from tuyengiao.demo.synthetic.orgs import Tree
from tuyengiao.demo.synthetic.places import PROVINCE_GROUPS

SLUG = "tim-hieu-lich-su-dang-bo"
FIRST_ROUND = date(2025, 9, 1)
RESULTS_AT = date(2025, 10, 6)
PER_ATTEMPT = 10
TIME_LIMIT = 600
BATCH = 5000
# The orders four options can be shown in (drawing one is much cheaper than a shuffle).
ORDERS = tuple(permutations(range(4)))
WORKPLACES = ("Tổ dân phố", "Trường THCS", "Trạm y tế", "Hội Cựu chiến binh",
              "Đoàn Thanh niên", "Hội Liên hiệp Phụ nữ", "Công ty cổ phần", "Hưu trí")  # fmt: skip


def _bank(rng) -> list[tuple[str, str, list[str]]]:
    """(topic, question, options with the right one first) for the question bank."""
    bank = []
    keeps = [group[0][1] for group in PROVINCE_GROUPS if len(group) > 1]
    for group in PROVINCE_GROUPS:
        for _kind, name in group[1:]:
            wrong = rng.sample([k for k in keeps if k != group[0][1]], 3)
            bank.append(
                ("Sắp xếp đơn vị hành chính",
                 f"Từ ngày 01/7/2025, {name} hợp nhất với đơn vị nào, lấy tên là gì?",
                 [group[0][1], *wrong])
            )  # fmt: skip
    for central in CENTRAL:
        others = [c.summary for c in CENTRAL if c is not central]
        bank.append(
            ("Văn kiện của Đảng", f"{central.short} có nội dung về vấn đề gì?",
             [central.summary[:500], *(o[:500] for o in rng.sample(others, 3))])
        )  # fmt: skip
        day = central.issue_date
        bank.append(
            ("Văn kiện của Đảng", f"{central.short} được ban hành ngày nào?",
             [f"{day:%d/%m/%Y}", *(f"{day + timedelta(days=d):%d/%m/%Y}" for d in (-30, 45, 400))])
        )  # fmt: skip
    for year in range(1950, 2041):
        for event, since in (("Ngày thành lập Đảng Cộng sản Việt Nam", 1930),
                             ("Ngày sinh Chủ tịch Hồ Chí Minh", 1890),
                             ("Ngày Giải phóng Thủ đô", 1954)):  # fmt: skip
            right = year - since
            bank.append(
                ("Lịch sử", f"Năm {year} kỷ niệm bao nhiêu năm {event}?",
                 [str(right), str(right - 5), str(right + 5), str(right + 10)])
            )  # fmt: skip
    rng.shuffle(bank)
    return bank


def generate_contest(ctx: Context, tree: Tree) -> Contest:
    rng, fake = ctx.rng("contests"), ctx.faker("contests")
    organiser = tree.root
    assert organiser.unit is not None, "the tree is generated before the contest"
    contest = contest_save(
        actor=SYSTEM,
        title=f"Cuộc thi trực tuyến tìm hiểu lịch sử Đảng bộ {organiser.place or 'các tỉnh'}",
        slug=SLUG,
        organiser=organiser.unit,
        description="Cuộc thi hằng tuần dành cho cán bộ, đảng viên và Nhân dân.",
        is_published=True,
        questions_per_attempt=PER_ATTEMPT,
        time_limit_seconds=TIME_LIMIT,
        max_attempts=3,
        prizes=[
            {"name": "Giải Nhất", "count": 1},
            {"name": "Giải Nhì", "count": 2},
            {"name": "Giải Ba", "count": 5},
            {"name": "Giải Khuyến khích", "count": 8},
        ],
        data_purpose="Xác định người đoạt giải và thống kê số người dự thi theo đơn vị.",
        retention_until=date(2030, 12, 31),
    )
    bank = _bank(rng)
    count = min(ctx.scale.questions, len(bank))
    questions = Question.objects.bulk_create(
        Question(contest=contest, code=f"C{n:03d}", text=text, topic=topic,
                 difficulty=rng.choice(list(Question.Difficulty)))
        for n, (topic, text, _options) in enumerate(bank[:count], start=1)
    )  # fmt: skip
    option_rows = []
    for question, (_topic, _text, texts) in zip(questions, bank[:count], strict=True):
        order = rng.sample(range(4), 4)
        option_rows += [
            Option(question=question, position=position, text=texts[index], is_correct=index == 0)
            for position, index in enumerate(order, start=1)
        ]
    options = Option.objects.bulk_create(option_rows)
    pool: dict[int, tuple[int, list[int]]] = {}  # question → (right option, all options)
    for option in options:
        right, every = pool.get(option.question_id, (0, []))
        pool[option.question_id] = (option.pk if option.is_correct else right, [*every, option.pk])
    question_ids = sorted(pool)
    rounds = [
        round_save(
            contest=contest,
            actor=SYSTEM,
            number=n,
            title=f"Tuần {n}",
            opens_at=aware(FIRST_ROUND + timedelta(days=7 * (n - 1))),
            closes_at=aware(FIRST_ROUND + timedelta(days=7 * n)),
        )
        for n in range(1, ctx.scale.rounds + 1)
    ]
    communes = tree.communes
    total = ctx.scale.entrants
    offset = rng.randrange(10**8)
    attempts_total = 0
    with ctx.bar("Người dự thi, lượt thi", total) as bar:
        for start in range(0, total, BATCH // 2):
            size = min(BATCH // 2, total - start)
            people = []
            for n in range(start, start + size):
                name = person_name(fake, rng)
                people.append(
                    Entrant(
                        contest=contest,
                        phone=f"09{(n * 7919 + offset) % 10**8:08d}",
                        full_name=name,
                        name_folded=fold(name),
                        birth_year=rng.randint(1950, 2008),
                        unit=rng.choice(communes).unit,
                        workplace=rng.choice(WORKPLACES),
                        consent_at=aware(FIRST_ROUND, 7, rng.randrange(60)),
                    )
                )
            entrants = Entrant.objects.bulk_create(people)
            attempts = []
            for entrant in entrants:
                skill = 0.4 + rng.random() * 0.58
                taken = [r for r in rounds if rng.random() < 0.6] or [rng.choice(rounds)]
                for round_ in taken:
                    attempts += _attempts(rng, entrant, round_, skill, pool, question_ids, total)
            Attempt.objects.bulk_create(attempts, batch_size=BATCH)
            attempts_total += len(attempts)
            bar.update(size)
    for round_ in rounds:
        round_compute_results(round_=round_, actor=SYSTEM, now=aware(RESULTS_AT))
    ctx.count("Cuộc thi", 1)
    ctx.count("Tuần thi", len(rounds))
    ctx.count("Câu hỏi", len(questions))
    ctx.count("Người dự thi", total)
    ctx.count("Lượt thi", attempts_total)
    return contest


def _attempts(rng, entrant, round_, skill, pool, question_ids, total) -> list[Attempt]:
    window = int((round_.closes_at - round_.opens_at).total_seconds()) - TIME_LIMIT
    count = rng.choices((1, 2, 3), (5, 3, 2))[0]
    starts = sorted(rng.randrange(window) for _ in range(count))
    attempts = []
    for number, offset in enumerate(starts, start=1):
        started = round_.opens_at + timedelta(seconds=offset)
        paper, answers, right = [], {}, 0
        for question in rng.sample(question_ids, PER_ATTEMPT):
            correct, options = pool[question]
            shown = [options[i] for i in ORDERS[rng.randrange(len(ORDERS))]]
            paper.append({"q": question, "o": shown})
            if rng.random() < skill:
                answers[str(question)] = [correct]
                right += 1
            else:
                answers[str(question)] = [rng.choice([o for o in options if o != correct])]
        submitted = rng.random() > 0.03
        duration = rng.randint(60_000, TIME_LIMIT * 1000 - 1000)
        attempts.append(
            Attempt(
                round=round_,
                entrant=entrant,
                number=number,
                token=uuid.UUID(int=rng.getrandbits(128), version=4),
                status=Attempt.Status.SUBMITTED if submitted else Attempt.Status.EXPIRED,
                started_at=started,
                deadline=started + timedelta(seconds=TIME_LIMIT),
                submitted_at=started + timedelta(milliseconds=duration) if submitted else None,
                paper=paper,
                answers=answers if submitted else {},
                correct=right if submitted else 0,
                prediction=int(total * 0.6 * (0.7 + rng.random() * 0.6))
                if submitted and rng.random() < 0.95
                else None,
                duration_ms=duration if submitted else None,
            )
        )
    return attempts
