"""Feeds and the sitemap: valid documents, at the address the portal is reached at.

The Atom feed is checked against RFC 4287's own grammar (Appendix B, kept in
``schemas/atom.rng``) with lxml, which the Word report's python-docx already brings, and
against the grammar's Schematron rules, evaluated here with XPath. The RSS feed is checked
for the elements RSS 2.0 requires of a channel and of its items.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from lxml import etree, html

from tuyengiao.portal.tests.builders import Portal, article, build_portal

pytestmark = pytest.mark.django_db

ATOM_SCHEMA = Path(__file__).parent / "schemas" / "atom.rng"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "s": "http://www.ascc.net/xml/schematron",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
}
HOST = "tuyengiao.badinh.hanoi.vn"


@pytest.fixture
def portal() -> Portal:
    return build_portal()


def _at(day: int, month: int, year: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 9, 0))


def atom_problems(document: bytes) -> list[str]:
    """What RFC 4287 finds wrong with ``document``: its grammar, then its Schematron rules."""
    schema_doc = etree.parse(str(ATOM_SCHEMA))
    grammar = etree.RelaxNG(schema_doc)
    tree = etree.fromstring(document)
    problems = []
    if not grammar.validate(tree):
        problems += [f"line {error.line}: {error.message}" for error in grammar.error_log]
    for rule in schema_doc.iterfind(".//s:rule", NS):
        for node in tree.getroottree().xpath(f"//{rule.get('context')}", namespaces=NS):
            for check in rule.iterfind("s:assert", NS):
                if not node.xpath(f"boolean({check.get('test')})", namespaces=NS):
                    problems.append(check.text)
    return problems


def rss_problems(document: bytes) -> list[str]:
    """What RSS 2.0 requires: one channel with title, link and description; items with a
    title or a description; dates in RFC 822 form; links absolute."""
    rss = etree.fromstring(document)
    problems = []
    if rss.tag != "rss" or rss.get("version") != "2.0":
        problems.append("the root is not <rss version='2.0'>")
    channels = rss.findall("channel")
    if len(channels) != 1:
        return [*problems, "not exactly one <channel>"]
    channel = channels[0]
    for required in ("title", "link", "description"):
        if not (channel.findtext(required) or "").strip():
            problems.append(f"the channel has no {required}")
    for number, item in enumerate(channel.iter("item"), start=1):
        if not (item.findtext("title") or item.findtext("description")):
            problems.append(f"item {number} has neither title nor description")
        published = item.findtext("pubDate")
        if published is not None and parsedate_to_datetime(published).tzinfo is None:
            problems.append(f"item {number}: pubDate without a time zone")
        for linked in ("link", "guid"):
            text = item.findtext(linked)
            if text is not None and not text.startswith(("http://", "https://")):
                problems.append(f"item {number}: {linked} is not absolute")
    return problems


def test_atom_feed_is_valid_rfc_4287(portal: Portal) -> None:
    """Feed and entries carry id, title, updated, an alternate link, and an author: the
    portal on the feed, since one article has no byline."""
    signed = article(
        portal.work, "Bài có tác giả", _at(1, 3, 2024), lead="Tóm tắt <b>đậm</b> & rõ."
    )
    signed.author = "Ban Tuyên giáo"
    signed.save_revision().publish()
    article(portal.work, "Bài không ký tên", _at(2, 3, 2024))

    document = Client().get(f"{portal.work.url}atom/").content
    assert atom_problems(document) == []
    feed = etree.fromstring(document)
    assert feed.findtext("atom:author/atom:name", namespaces=NS) == portal.home.title
    entries = feed.findall("atom:entry", NS)
    assert [entry.findtext("atom:title", namespaces=NS) for entry in entries] == [
        "Bài không ký tên",
        "Bài có tác giả",
    ]
    for entry in entries:
        assert entry.findtext("atom:updated", namespaces=NS)
        assert entry.find("atom:link[@rel='alternate']", NS) is not None
    assert entries[0].find("atom:author", NS) is None  # no empty <name/>
    assert entries[1].findtext("atom:author/atom:name", namespaces=NS) == "Ban Tuyên giáo"
    # The lead is text: read as the HTML the summary is, it shows as typed.
    summary = entries[1].findtext("atom:summary", namespaces=NS)
    assert html.fromstring(f"<p>{summary}</p>").text_content() == "Tóm tắt <b>đậm</b> & rõ."


def test_atom_feed_of_an_empty_section_is_valid(portal: Portal) -> None:
    assert atom_problems(Client().get(f"{portal.news.url}atom/").content) == []


def test_the_schema_check_catches_an_entry_without_updated(portal: Portal) -> None:
    """The check itself: the feed as it was, entries without <updated>, is refused."""
    article(portal.work, "Bài thứ nhất", _at(1, 3, 2024))
    feed = etree.fromstring(Client().get(f"{portal.work.url}atom/").content)
    for updated in feed.findall("atom:entry/atom:updated", NS):
        updated.getparent().remove(updated)
    for author in feed.findall("atom:author", NS):
        feed.remove(author)
    problems = atom_problems(etree.tostring(feed))
    assert problems
    assert any("atom:author" in problem for problem in problems)


def test_rss_feed_has_what_rss_2_requires(portal: Portal) -> None:
    article(portal.work, "Bài thứ nhất", _at(1, 3, 2024))
    article(portal.work, "Bài thứ hai", _at(2, 3, 2024))
    document = Client().get(f"{portal.work.url}rss/").content
    assert rss_problems(document) == []
    titles = [item.findtext("title") for item in etree.fromstring(document).iter("item")]
    assert titles == ["Bài thứ hai", "Bài thứ nhất"]


@override_settings(ALLOWED_HOSTS=[HOST], WAGTAILADMIN_BASE_URL=f"https://{HOST}")
def test_feeds_and_sitemap_link_to_the_served_host_and_scheme(portal: Portal) -> None:
    page = article(portal.work, "Bài trên cổng quận", _at(1, 3, 2024))
    client = Client(HTTP_HOST=HOST)
    address = f"https://{HOST}{page.url}"

    rss = etree.fromstring(client.get(f"{portal.work.url}rss/", secure=True).content)
    assert rss.findtext("channel/link") == f"https://{HOST}{portal.work.url}"
    assert rss.findtext("channel/item/link") == address

    atom = etree.fromstring(client.get(f"{portal.work.url}atom/", secure=True).content)
    links = atom.xpath("//atom:link/@href", namespaces=NS)
    assert links
    assert all(link.startswith(f"https://{HOST}/") for link in links)
    assert atom.findtext("atom:entry/atom:id", namespaces=NS) == address

    sitemap = etree.fromstring(client.get("/sitemap.xml", secure=True).content)
    locations = sitemap.xpath("//sm:loc/text()", namespaces=NS)
    assert address in locations
    assert all(location.startswith(f"https://{HOST}/") for location in locations)
    assert not any("localhost" in location for location in locations)


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_a_host_outside_allowed_hosts_gets_no_links(portal: Portal) -> None:
    response = Client(HTTP_HOST="ke-gia-mao.example").get(f"{portal.work.url}rss/")
    assert response.status_code == 400
    assert b"ke-gia-mao" not in response.content


@override_settings(WAGTAILADMIN_BASE_URL="https://tuyengiao.example.vn/")
def test_without_a_request_pages_are_at_the_configured_base_url(portal: Portal) -> None:
    page = article(portal.work, "Bài gửi qua thư", _at(1, 3, 2024))
    assert page.get_full_url() == f"https://tuyengiao.example.vn{page.url}"


@override_settings(WAGTAILADMIN_BASE_URL=f"https://{HOST}")
def test_entry_ids_stay_the_same_whatever_name_the_portal_is_reached_by(
    portal: Portal,
) -> None:
    """RFC 4287 §4.2.6: an entry's id never changes; links follow the address asked."""
    page = article(portal.work, "Một bài, hai địa chỉ", _at(1, 3, 2024))
    ids, links = set(), set()
    for host in ("localhost", "127.0.0.1"):
        atom = etree.fromstring(Client(HTTP_HOST=host).get(f"{portal.work.url}atom/").content)
        ids.add(atom.findtext("atom:entry/atom:id", namespaces=NS))
        links.add(atom.find("atom:entry/atom:link", NS).get("href"))
    assert ids == {f"https://{HOST}{page.url}"}
    assert links == {f"http://localhost{page.url}", f"http://127.0.0.1{page.url}"}
