"""Views and visits stay exact when many visitors read at once, without a write per view."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.request import Request, urlopen

import pytest
from django.test import RequestFactory
from django.utils import timezone

from tuyengiao.portal import counters
from tuyengiao.portal.models import ArticleViews, RecentVisitor, VisitDay
from tuyengiao.portal.tests.builders import article, build_portal

VISITORS = 8
READS_EACH = 25


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_readers_are_all_counted(live_server, monkeypatch) -> None:
    # Small batches, so that server threads write while others are still counting.
    monkeypatch.setattr(counters, "FLUSH_EVENTS", 7)
    portal = build_portal()
    page = article(portal.news, "Tin được đọc nhiều")
    url = f"{live_server.url}{page.url}"

    def read(visitor: int) -> None:
        for _ in range(READS_EACH):
            request = Request(url, headers={"User-Agent": f"trinh-duyet-{visitor}"})
            with urlopen(request) as response:
                assert response.status == 200

    with ThreadPoolExecutor(VISITORS) as pool:
        list(pool.map(read, range(VISITORS)))
    counters.flush()

    assert ArticleViews.objects.get(page=page).count == VISITORS * READS_EACH
    stats = counters.visit_stats(fresh=True)
    assert stats.total == stats.year == stats.month == stats.week == VISITORS
    assert stats.online == VISITORS
    assert counters.article_views(page.pk, fresh=True) == VISITORS * READS_EACH
    html = urlopen(Request(url, headers={"User-Agent": "nguoi-doc-moi"})).read().decode()
    assert f"<span data-views>{VISITORS * READS_EACH + 1}</span>" in html


@pytest.mark.django_db
def test_a_visit_starts_after_thirty_minutes_away_and_online_means_five_minutes() -> None:
    factory = RequestFactory()
    regular = factory.get("/", HTTP_USER_AGENT="thuong-xuyen")
    counters.record(regular)
    counters.record(regular)
    counters.flush()
    assert VisitDay.objects.get(day=timezone.localdate()).visits == 1

    RecentVisitor.objects.update(last_seen=timezone.now() - timedelta(minutes=31))
    counters.record(regular)
    counters.flush()
    assert VisitDay.objects.get(day=timezone.localdate()).visits == 2

    counters.record(factory.get("/", HTTP_USER_AGENT="vua-roi-di"))
    counters.flush()
    RecentVisitor.objects.filter(last_seen__gte=timezone.now() - timedelta(minutes=1)).exclude(
        key=counters.visitor_key(regular, timezone.localdate())
    ).update(last_seen=timezone.now() - timedelta(minutes=6))
    stats = counters.visit_stats(fresh=True)
    assert stats.online == 1
    assert stats.total == 3


@pytest.mark.django_db
def test_counting_writes_nothing_until_the_batch_is_due(django_assert_num_queries) -> None:
    portal = build_portal()
    page = article(portal.news, "Tin ít người đọc")
    request = RequestFactory().get(page.url, HTTP_USER_AGENT="mot-nguoi")
    counters.flush()
    with django_assert_num_queries(0):
        for _ in range(20):
            counters.record(request, page.pk)
    assert not ArticleViews.objects.filter(page=page).exists()
    assert counters.article_views(page.pk, fresh=True) == 20
    counters.flush()
    assert ArticleViews.objects.get(page=page).count == 20
