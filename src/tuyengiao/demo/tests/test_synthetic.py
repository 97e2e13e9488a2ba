"""``tuyengiao generate_synthetic`` at ward scale: every area gets rows, the 2025
reorganisation is a real one, the same seed gives the same data, report figures add up,
contest rounds can be ranked and portal articles are served."""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from tuyengiao.activities.models import Activity, ActivityFigure
from tuyengiao.contests.models import Attempt, Contest, Entrant, Question, Round, Standing
from tuyengiao.contests.services import round_compute_results
from tuyengiao.core.actors import SYSTEM
from tuyengiao.demo.synthetic import SCALES, digest, generate
from tuyengiao.demo.synthetic.base import LAST_DAY_BEFORE, REFORM, aware
from tuyengiao.demo.synthetic.reporting import FORM_CODE, PERIOD
from tuyengiao.documents.models import Document, DocumentRelation
from tuyengiao.documents.numbering import parse_number
from tuyengiao.orgs.models import HierarchyVersion, Membership, Placement, Succession, Unit
from tuyengiao.orgs.selectors import successor_shares
from tuyengiao.plans.models import (
    Assignment,
    DirectiveTracking,
    Milestone,
    Plan,
    WorkItem,
    WorkUpdate,
)
from tuyengiao.portal.models import ArticlePage, SectionPage
from tuyengiao.reporting.models import AnalyticsRow, DataValue, ReportForm, Submission
from tuyengiao.reporting.periods import parse_period
from tuyengiao.reporting.selectors import report_figures

WARD = SCALES["ward"]


class _Rollback(Exception):
    pass


def _digest_of_run(seed: int) -> str:
    """Generate into the test database, take the digest, and undo the run."""
    result = ""
    try:
        with transaction.atomic():
            generate("ward", seed, progress=False)
            result = digest()
            raise _Rollback
    except _Rollback:
        pass
    assert not Unit.objects.exists()
    return result


@pytest.mark.django_db
def test_every_area_gets_rows():
    result = generate("ward", progress=False)
    for model in (
        Unit,
        HierarchyVersion,
        Succession,
        Membership,
        Document,
        DocumentRelation,
        Plan,
        WorkItem,
        Assignment,
        WorkUpdate,
        DirectiveTracking,
        Milestone,
        Activity,
        ActivityFigure,
        Submission,
        DataValue,
        AnalyticsRow,
        SectionPage,
        ArticlePage,
        Contest,
        Round,
        Question,
        Entrant,
        Attempt,
        Standing,
    ):
        assert model.objects.exists(), model.__name__
    assert Activity.objects.count() == WARD.activities == result.counts["Hoạt động"]
    assert Entrant.objects.count() == WARD.entrants
    assert ArticlePage.objects.count() == WARD.articles
    # Numbers and symbols parse, Party ones in the "241-KH/TU" form.
    for document in Document.objects.all():
        number = parse_number(document.symbol)
        assert number is not None, document.symbol
        assert number.number == document.number, document.symbol
    assert Document.objects.filter(symbol="57-NQ/TW").exists()


@pytest.mark.django_db
def test_the_2025_reorganisation_is_recorded():
    generate("ward", progress=False)
    before, after = HierarchyVersion.objects.order_by("effective_date")
    assert before.is_published
    assert after.is_published
    assert after.effective_date == REFORM
    kinds = set(Succession.objects.values_list("kind", flat=True))
    assert {"merge", "split", "dissolve"} <= kinds
    # 11 wards of one district before; 3 wards directly under the city after.
    wards_before = Placement.objects.filter(version=before, depth=2, unit__code__contains=".")
    ward_codes = [p.unit.code for p in wards_before if p.unit.profiles.get().kind.code
                  == "commune_committee"]  # fmt: skip
    assert len(ward_codes) == WARD.wards
    assert all(
        unit.valid_to == LAST_DAY_BEFORE for unit in Unit.objects.filter(code__in=ward_codes)
    )
    communes = Placement.objects.filter(
        version=after, depth=1, unit__profiles__kind__code="commune_committee"
    )
    assert communes.count() == WARD.communes
    assert not Placement.objects.filter(version=after, unit__valid_to__isnull=False).exists()
    # A split ward's shares add up to 1; every other ended ward went whole to one successor.
    split = Succession.objects.filter(kind="split").first().predecessor
    assert sum(successor_shares(split).values()) == Decimal(1)
    for code in ward_codes:
        assert sum(successor_shares(Unit.objects.get(code=code)).values()) == Decimal(1)
    # Memberships in ended units end with them.
    assert not Membership.objects.filter(
        unit__valid_to__isnull=False, valid_to__isnull=True
    ).exists()


@pytest.mark.django_db
def test_top_unit_figures_are_the_sum_of_its_wards():
    generate("ward", progress=False)
    form = ReportForm.objects.get(code=FORM_CODE)
    top = Unit.objects.get(code="HN")
    figures = report_figures(SYSTEM, form=form, unit=top, period=parse_period(PERIOD))
    sums: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
    for code, option, value in DataValue.objects.values_list(
        "indicator__code", "option__code", "value"
    ):
        sums[(code, option)] += value
    checked = 0
    for item in figures.figures:
        code = item.indicator.code
        if item.by_option:
            for option, value in item.by_option.items():
                assert value == sums[(code, option)], (code, option)
                checked += 1
        else:
            assert item.total == sums[(code, None)], code
            checked += 1
    assert checked == len(sums) > 0
    assert figures.completeness.expected == figures.completeness.submitted == WARD.wards


@pytest.mark.django_db
def test_contest_rounds_are_ranked():
    generate("ward", progress=False)
    round_ = Round.objects.get(number=1)
    ranked = Attempt.objects.filter(round=round_, status="submitted")
    entrants = ranked.values("entrant").distinct().count()
    standings = Standing.objects.filter(round=round_).order_by("rank")
    assert standings.count() == entrants > 0
    best = max(ranked.values_list("correct", flat=True))
    assert standings.first().correct == best
    assert list(standings.exclude(prize="").values_list("rank", flat=True)) == list(range(1, 17))
    # Computing again gives the same ranking.
    first = list(standings.values_list("entrant_id", flat=True)[:20])
    assert round_compute_results(round_=round_, actor=SYSTEM, now=aware(date(2025, 10, 6))) == (
        entrants
    )
    assert list(standings.values_list("entrant_id", flat=True)[:20]) == first


@pytest.mark.django_db
def test_portal_articles_are_live_and_served(client):
    generate("ward", progress=False)
    articles = ArticlePage.objects.live()
    assert articles.count() == WARD.articles
    article = articles.order_by("path").first()
    response = client.get(article.url)
    assert response.status_code == 200
    assert article.title in response.content.decode()


@pytest.mark.django_db
def test_same_seed_same_data_other_seed_other_data():
    first = _digest_of_run(7)
    assert _digest_of_run(7) == first
    assert _digest_of_run(8) != first


@pytest.mark.django_db
def test_command_prints_a_summary_and_refuses_a_second_run(settings):
    out = StringIO()
    call_command("generate_synthetic", "--scale", "ward", "--quiet", stdout=out)
    text = out.getvalue()
    assert "Đơn vị" in text
    assert "Lượt thi" in text
    assert "Mã kiểm tra dữ liệu" in text
    assert digest() in text
    with pytest.raises(CommandError, match="cơ sở dữ liệu trống"):
        call_command("generate_synthetic", "--scale", "ward", "--quiet", stdout=StringIO())
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="production"):
        call_command("generate_synthetic", "--scale", "ward", "--quiet", stdout=StringIO())
