"""What every stage of the generator shares: the scale, the seeded sources of chance, the
fixed dates and the progress bars.

Each stage draws from its own ``random.Random`` and its own ``Faker("vi_VN")``, both seeded
from the run's seed and the stage's name, so that a stage's data depends only on the seed
and on what the stages before it wrote, never on the clock, on hash order or on how many
numbers another stage drew.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone
from faker import Faker
from tqdm import tqdm

# The tree before the reorganisation is in force from the start of the 2020–2025 terms;
# the reorganisation of 2025 (two-level local government, merged boards) from 1 July 2025.
BEFORE = date(2020, 1, 1)
REFORM = date(2025, 7, 1)
LAST_DAY_BEFORE = date(2025, 6, 30)
# The activity log, documents and articles cover these two years.
FIRST_DAY = date(2024, 1, 1)
LAST_DAY = date(2025, 12, 31)
REFORM_BASIS = "Nghị quyết 1656/NQ-UBTVQH15 ngày 16/6/2025 (dữ liệu tổng hợp)"
PROVINCE_BASIS = "Nghị quyết 202/2025/QH15 ngày 12/6/2025 (dữ liệu tổng hợp)"


@dataclass(frozen=True)
class Scale:
    """How much to generate. ``provinces`` is False for a single city (its committee is the
    top of the tree), True for the country (the Central Committee above 63 provinces)."""

    name: str
    provinces: bool
    districts: int  # districts of the city, or of each province on average
    wards: int  # wards and communes before 2025, in all
    communes: int  # communes and wards after 1 July 2025, in all
    documents: int
    activities: int
    articles: int
    questions: int
    entrants: int
    rounds: int = 4


SCALES = {
    "ward": Scale(
        "ward",
        provinces=False,
        districts=1,
        wards=11,
        communes=3,
        documents=120,
        activities=400,
        articles=24,
        questions=40,
        entrants=400,
    ),
    "city": Scale(
        "city",
        provinces=False,
        districts=30,
        wards=580,
        communes=126,
        documents=5_000,
        activities=30_000,
        articles=3_000,
        questions=200,
        entrants=100_000,
    ),
    "country": Scale(
        "country",
        provinces=True,
        districts=11,
        wards=10_000,
        communes=3_321,
        documents=30_000,
        activities=150_000,
        articles=6_000,
        questions=300,
        entrants=300_000,
    ),
}

DEFAULT_SEED = 20250701


def aware(day: date, hour: int = 8, minute: int = 0, second: int = 0) -> datetime:
    """``day`` at the given time in the platform's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute, second)))


@dataclass
class Context:
    """The run: its scale and seed, whether to show progress, and what stages left behind
    for the ones after them (``shared``)."""

    scale: Scale
    seed: int
    progress: bool = True
    shared: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def _stage_seed(self, stage: str) -> int:
        digest = hashlib.sha256(f"{self.seed}:{stage}".encode()).digest()
        return int.from_bytes(digest[:8], "big")

    def rng(self, stage: str) -> random.Random:
        return random.Random(self._stage_seed(stage))

    def faker(self, stage: str) -> Faker:
        fake = Faker("vi_VN")
        fake.seed_instance(self._stage_seed(f"faker:{stage}"))
        return fake

    @contextmanager
    def bar(self, description: str, total: int) -> Iterator[tqdm]:
        """A progress bar on stderr, one per stage; silent when progress is off."""
        with tqdm(
            total=total,
            desc=description,
            unit=" dòng",
            disable=not self.progress,
            leave=True,
            dynamic_ncols=True,
            mininterval=0.5,
        ) as bar:
            yield bar

    def count(self, label: str, value: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + value


def person_name(fake: Faker, rng: random.Random) -> str:
    """A Vietnamese full name: family name and middle name from Faker, given name from the
    list below (Faker's ``vi_VN`` given names are not Vietnamese)."""
    return f"{fake.last_name()} {fake.middle_name()} {rng.choice(GIVEN_NAMES)}"


GIVEN_NAMES = (
    "An", "Anh", "Bình", "Cường", "Chi", "Dũng", "Dung", "Đạt", "Giang", "Hà", "Hải", "Hạnh",
    "Hằng", "Hiền", "Hiếu", "Hòa", "Hoàng", "Hùng", "Hương", "Huy", "Khánh", "Khoa", "Lan",
    "Linh", "Long", "Mai", "Minh", "My", "Nam", "Nga", "Ngọc", "Nhung", "Phong", "Phúc",
    "Phương", "Quang", "Quân", "Quỳnh", "Sơn", "Tâm", "Thanh", "Thảo", "Thắng", "Thủy", "Trang",
    "Trung", "Tuấn", "Tú", "Vân", "Việt", "Vinh", "Xuân", "Yến",
)  # fmt: skip
