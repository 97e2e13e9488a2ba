"""Synthetic data at three scales, for benchmarks and demonstrations
(``tuyengiao generate_synthetic --scale {ward,city,country} [--seed N]``).

What is generated, in this order (one module each, all seeded from the run's seed):

1. ``orgs``: the organisation tree in two published versions, before and after the
   reorganisation of 1 July 2025 (merged boards, new wards and communes by merge and split,
   districts dissolved; for the country also 63 → 34 provinces), with the successions;
   accounts with roles in every unit, all with the demo password.
2. ``documents``: central resolutions and directives, and the documents of every committee,
   board and ward with realistic numbers and summaries; "implements" relations.
3. ``plans``: work programmes, implementation plans, work items, assignments and their
   timelines, directive tracking with milestones.
4. ``activities``: the activity log of 2024–2025 with its figures.
5. ``reporting``: the nine-month report of 2024 of every ward, approved, and the analytics
   table rebuilt.
6. ``portal``: sections and articles of the public portal, live.
7. ``contests``: a contest with four closed weekly rounds, entrants, attempts and computed
   standings.

Scales (``base.SCALES``; what a run wrote and how long it took: ``docs/demo-data.md``):

- ``ward``: one district of 11 wards → 3 wards; 120 documents, 400 activities, 24 articles,
  400 entrants, 40 questions. Seconds; the tests use it.
- ``city``: Hà Nội's 30 districts with 580 wards → 126 wards and communes; 5.000
  documents, 30.000 activities, 3.000 articles, 100.000 entrants, 200 questions. Minutes.
- ``country``: 63 provinces (≈ 11 districts each, 10.000 wards in all) → 34 provinces with
  3.321 wards and communes; 30.000 documents, 150.000 activities, 6.000 articles, 300.000
  entrants, 300 questions.

Where it goes: an empty database. The generated tree has its own hierarchy versions
(1/1/2020 and 1/7/2025), and the platform allows one version per date and no new version
before a published one, so the synthetic tree cannot sit beside the demo tree or a real one;
the generator refuses a database that already has units or hierarchy versions (or its form,
indicators or contest), with a message saying so. Load it into a database of its own
(``DATABASE_URL=sqlite:///var/synthetic.sqlite3 tuyengiao migrate`` first). Units are marked
``is_demo``.

Determinism: the same scale and seed give the same rows (names, codes, numbers, dates,
figures): nothing reads the clock or depends on hash order. Primary keys and the
timestamps of the moment of writing (``created_at``, ``published_at``) aside,
:func:`digest` is equal for two runs, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.db import transaction

from tuyengiao.demo.synthetic.base import DEFAULT_SEED, SCALES, Context

__all__ = ["DEFAULT_SEED", "SCALES", "GenerationRefused", "Result", "digest", "generate"]


class GenerationRefused(Exception):
    """The database already holds data the synthetic data would clash with."""


@dataclass(frozen=True)
class Result:
    """What a run left: rows by kind (label → count), in the order generated, and seconds."""

    scale: str
    seed: int
    counts: dict[str, int]
    seconds: dict[str, float]


def check_empty() -> None:
    """Refuse a database whose data the synthetic data would clash with."""
    from tuyengiao.contests.models import Contest
    from tuyengiao.demo.synthetic.contests import SLUG
    from tuyengiao.demo.synthetic.reporting import FORM_CODE, INDICATORS
    from tuyengiao.orgs.models import HierarchyVersion, Unit
    from tuyengiao.reporting.models import Indicator, ReportForm

    if Unit.objects.exists() or HierarchyVersion.objects.exists():
        raise GenerationRefused(
            "Cơ sở dữ liệu đã có đơn vị hoặc phiên bản cây tổ chức: dữ liệu tổng hợp chỉ sinh "
            "vào cơ sở dữ liệu trống (hãy tạo cơ sở dữ liệu riêng, chạy migrate rồi sinh lại)."
        )
    if (
        ReportForm.objects.filter(code=FORM_CODE).exists()
        or Indicator.objects.filter(code__in=[row[0] for row in INDICATORS]).exists()
        or Contest.objects.filter(slug=SLUG).exists()
    ):
        raise GenerationRefused(
            "Cơ sở dữ liệu đã có biểu mẫu, chỉ tiêu hoặc cuộc thi của dữ liệu tổng hợp."
        )


def generate(scale: str, seed: int = DEFAULT_SEED, progress: bool = True) -> Result:
    """Generate the synthetic data of ``scale`` (``ward``, ``city``, ``country``) for
    ``seed``, in one transaction; ``progress`` shows a bar per stage on stderr."""
    from tuyengiao.demo.synthetic.activities import generate_activities
    from tuyengiao.demo.synthetic.contests import generate_contest
    from tuyengiao.demo.synthetic.documents import generate_documents
    from tuyengiao.demo.synthetic.orgs import generate_accounts, generate_orgs
    from tuyengiao.demo.synthetic.plans import generate_plans
    from tuyengiao.demo.synthetic.portal import generate_portal
    from tuyengiao.demo.synthetic.reporting import generate_reporting

    ctx = Context(scale=SCALES[scale], seed=seed, progress=progress)
    seconds: dict[str, float] = {}

    def timed(label: str, stage, *args):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        result = stage(ctx, *args)
        seconds[label] = time.perf_counter() - started
        return result

    with transaction.atomic():
        check_empty()
        tree = timed("orgs", generate_orgs)
        authors = timed("accounts", generate_accounts, tree)
        documents = timed("documents", generate_documents, tree, authors)
        timed("plans", generate_plans, tree, documents)
        timed("activities", generate_activities, tree, authors)
        timed("reporting", generate_reporting, tree)
        timed("portal", generate_portal, tree)
        timed("contests", generate_contest, tree)
    return Result(scale, seed, dict(ctx.counts), seconds)


def _rows() -> list[tuple[str, list[tuple]]]:
    """The key fields of the generated rows, by table, with natural keys instead of ids."""
    from tuyengiao.activities.models import Activity, ActivityFigure
    from tuyengiao.contests.models import Attempt, Entrant, Standing
    from tuyengiao.documents.models import Document, DocumentRelation
    from tuyengiao.orgs.models import Membership, Placement, Succession, UnitProfile
    from tuyengiao.plans.models import Assignment, WorkItem
    from tuyengiao.portal.models import ArticlePage
    from tuyengiao.reporting.models import AnalyticsRow, DataValue

    def rows(queryset, *fields: str) -> list[tuple]:
        return sorted(tuple(str(value) for value in row) for row in queryset.values_list(*fields))

    return [
        ("units", rows(UnitProfile.objects, "unit__code", "name", "abbreviation", "kind__code",
                       "valid_from", "valid_to")),
        ("placements", rows(Placement.objects, "version__effective_date", "unit__code",
                            "parent__code", "depth")),
        ("successions", rows(Succession.objects, "kind", "predecessor__code", "successor__code",
                             "share")),
        ("memberships", rows(Membership.objects, "user__username", "user__last_name",
                             "user__first_name", "unit__code", "role__code", "valid_to")),
        ("documents", rows(Document.objects, "symbol", "issue_date", "summary", "issuer__code",
                           "owner__code", "numbering_period", "visibility")),
        ("relations", rows(DocumentRelation.objects, "source__symbol", "source__issue_date",
                           "target__symbol", "kind")),
        ("work_items", rows(WorkItem.objects, "plan__code", "number", "title", "owner__code",
                            "due_on", "status__code")),
        ("assignments", rows(Assignment.objects, "work_item__plan__code", "work_item__number",
                             "unit__code", "status__code", "done_on")),
        ("activities", rows(Activity.objects, "unit__code", "activity_type__code", "title",
                            "start_date", "mode", "place")),
        ("activity_figures", rows(ActivityFigure.objects, "activity__unit__code",
                                  "activity__start_date", "figure__code", "option__code",
                                  "value")),
        ("values", rows(DataValue.objects, "unit__code", "indicator__code", "option__code",
                        "period_code", "value")),
        ("analytics", rows(AnalyticsRow.objects, "unit__code", "indicator__code",
                           "option__code", "value_sum", "value_count")),
        ("articles", rows(ArticlePage.objects, "title", "slug", "date", "author", "live",
                          "url_path")),
        ("entrants", rows(Entrant.objects, "phone", "full_name", "birth_year", "unit__code")),
        ("attempts", rows(Attempt.objects, "entrant__phone", "round__number", "number", "token",
                          "status", "started_at", "correct", "prediction", "duration_ms")),
        ("standings", rows(Standing.objects, "round__number", "rank", "entrant__phone",
                           "correct", "prize")),
    ]  # fmt: skip


def digest() -> str:
    """A SHA-256 over the key fields of every generated table: equal for equal data."""
    sha = hashlib.sha256()
    for table, rows in _rows():
        sha.update(table.encode())
        for row in rows:
            sha.update("\x1f".join(row).encode())
            sha.update(b"\x1e")
    return sha.hexdigest()
