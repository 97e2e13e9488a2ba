"""Search the document registry: accent-free words, exact numbers first, filters.

How a query is answered (``document_search``):

1. The query is folded (:func:`tuyengiao.core.text.fold`: no case, no diacritics, đ → d), the
   same way ``Document.search_text`` was folded when the document was saved, so ``tuyên
   truyền``, ``Tuyen truyen`` and ``TUYÊN TRUYỀN`` find the same documents.
2. Every word must occur (AND), as a whole word. Words are matched by the full-text index of
   the search backend (Wagtail's ``modelsearch``: SQLite FTS5 or PostgreSQL full text, filled
   from ``search_text`` when a document is saved), never by a ``LIKE '%…%'`` scan, which reads
   every document's text on every query. A chunk written with punctuation (``229-kh/qu``,
   ``147/kh-ubnd``) and a ``"quoted phrase"`` must occur as phrases; the backend tokenises them
   itself, because SQLite and PostgreSQL cut ``kh/qu`` differently.
3. A query that is a number and symbol in any loose form (``229 KH QU``, ``229-kh/qu``,
   ``Số 229-KH/QU``) also finds the document with that number (``symbol_loose``), and the
   documents that cite it.
4. Ranking: the documents whose number is the query come first; then those whose summary,
   folded, contains the whole folded query as a phrase starting at a word; then the rest;
   newest first within each group.

The phrase test runs in the database on the *unfolded* summary: each folded letter becomes
the class of the letters that fold to it (``d`` → ``[DdÐðĐđ]``), as ``GLOB`` patterns on
SQLite and a regular expression on PostgreSQL, so no folded copy of the summary is needed.

Speed (``bench/bench_documents.py``): ranking every match and sorting them all costs hundreds
of milliseconds when a word occurs in most of 50.000 documents. The result is therefore a
:class:`RankedDocuments` queryset, whose pages are cut group by group, each walking the
issue-date index newest first and stopping after a page, and whose count does not rank.

With an external search engine (OpenSearch, Elasticsearch) the engine cannot be joined in SQL;
the words are then matched with ``LIKE`` on ``search_text`` (substrings, slower).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Case, Count, F, IntegerField, Lookup, Model, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.sql.compiler import SQLCompiler
from modelsearch.conf import get_app_config
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, Phrase, PlainText, SearchQuery

from tuyengiao.core.text import collation_key, fold
from tuyengiao.documents.data.codes import (
    LEGAL_TYPE_CODES,
    PARTY_TYPE_CODES,
    STATE_TYPE_CODES,
)
from tuyengiao.documents.models import Document
from tuyengiao.documents.numbering import format_number, loose_symbol_query, parse_number
from tuyengiao.documents.selectors import documents_visible_to
from tuyengiao.orgs.access import AnyUser, scope_roots

# Ranks of the three groups of results.
RANK_SYMBOL, RANK_SUMMARY_PHRASE, RANK_OTHER = 0, 1, 2

# A run of letters or digits: what FTS5's unicode61 tokenizer and PostgreSQL's parser call a
# word in folded text. Underscore is punctuation for both.
_WORD_RE = re.compile(r"[^\W_]+")
_QUOTED_RE = re.compile(r"\"([^\"]*)\"")
# Exact symbol matches are few (a number restarts each term or year); more means the query is
# not really a number.
_MAX_SYMBOL_MATCHES = 50


@dataclass
class DocumentFilters:
    """Narrow a search: by type code (``KH``), issuer code (``TU``), issue year, status and
    topic (a ``Topic`` id). ``None`` leaves that filter off."""

    type_code: str | None = None
    issuer_code: str | None = None
    year: int | None = None
    status: str | None = None
    topic: int | None = None


def _apply_filters(documents: QuerySet[Document], filters: DocumentFilters) -> QuerySet[Document]:
    if filters.type_code:
        documents = documents.filter(type_code=filters.type_code)
    if filters.issuer_code:
        documents = documents.filter(issuer_code=filters.issuer_code)
    if filters.year:
        documents = documents.filter(issue_date__year=filters.year)
    if filters.status:
        documents = documents.filter(status=filters.status)
    if filters.topic:
        documents = documents.filter(topics=filters.topic)
    return documents


# --- The phrase test on the unfolded summary -------------------------------------------------


# The Vietnamese vowels and đ, which carry the diacritics that folding removes; other letters
# only differ by case.
_VIETNAMESE_BASES = "aăâeêioôơuưyđ"
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


@cache
def _unfolded_letters() -> dict[str, str]:
    """For each folded ASCII letter, the letters that fold to it in Vietnamese text.

    ``a`` gets the 36 forms of a, ă, â with their tones in both cases; ``d`` gets ``dDđĐ`` and
    the look-alike ``Ðð``; a consonant gets its two cases. Letters with foreign accents (ç, ñ)
    are not listed: a summary with them does not rank as a phrase match.
    """
    variants: dict[str, set[str]] = defaultdict(set)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        variants[letter].update((letter, letter.upper()))
    for base in _VIETNAMESE_BASES:
        for tone in _TONES if base != "đ" else ("",):
            char = unicodedata.normalize("NFC", base + tone)
            variants[fold(char)].update((char, char.upper()))
    variants["d"].update(("\u00d0", "\u00f0"))
    return {letter: "".join(sorted(chars)) for letter, chars in variants.items()}


# A phrase counts from the start of a word: the start of the summary, or after a space or an
# opening quote. A literal right after GLOB's ``*`` lets SQLite skip ahead fast to candidate
# positions instead of trying every class at every character.
_WORD_STARTS = (" ", "\u201c")
_MIN_LIKE_LITERALS = 3


def _glob_classes(phrase: str) -> str:
    """The phrase as a GLOB body: one class per folded letter (``d`` → ``[DdÐðĐđ]``)."""
    letters = _unfolded_letters()
    parts = []
    for char in phrase:
        if char in letters:
            parts.append(f"[{letters[char]}]")
        elif char in "*?[]":
            parts.append(f"[{char}]")
        else:
            parts.append(char)
    return "".join(parts)


def _glob_patterns(phrase: str) -> list[str]:
    body = _glob_classes(phrase)
    return [f"{body}*", *(f"*{start}{body}*" for start in _WORD_STARTS)]


def _like_prefilter(phrase: str) -> str | None:
    """A cheap ``LIKE`` pattern that every summary matching the GLOB patterns also matches,
    or None when it would let nearly everything through.

    Vowels and ``d`` (which fold from accented letters) become ``_``, any one character; the
    other letters stay, and SQLite's ``LIKE`` ignores their case. Most summaries then fail at
    once, before the costlier GLOB test. One short word (``dang`` → ``__ng``) is not worth it.
    """
    letters = _unfolded_letters()
    parts = []
    literals = 0
    for char in phrase:
        if char in letters and len(letters[char]) > 2:  # a vowel or d
            parts.append("_")
        elif char in "%_\\":
            parts.append("\\" + char)
            literals += 1
        else:
            parts.append(char)
            literals += 1
    if literals < _MIN_LIKE_LITERALS:
        return None
    return "%" + "".join(parts) + "%"


def _regex_pattern(phrase: str) -> str:
    """A regular expression (PostgreSQL ``~``) with the same classes and word starts."""
    letters = _unfolded_letters()
    body = "".join(f"[{letters[char]}]" if char in letters else re.escape(char) for char in phrase)
    starts = "|".join(re.escape(start) for start in _WORD_STARTS)
    return f"(^|{starts}){body}"


class _FoldedPhraseIn(Lookup):
    """``lhs`` (an unfolded text column) contains ``rhs`` (a folded phrase) from the start of
    a word, ignoring case and diacritics. Used as a condition in ``When``; see the module
    docstring."""

    lookup_name = "folded_phrase_in"
    prepare_rhs = False
    can_use_none_as_rhs = False

    def _lhs_and_phrase(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any], str]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return lhs, list(lhs_params), str(self.rhs)

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, lhs_params, phrase = self._lhs_and_phrase(compiler, connection)
        patterns = _glob_patterns(phrase)
        sql = "(" + " OR ".join(f"{lhs} GLOB %s" for _ in patterns) + ")"
        params = [value for pattern in patterns for value in (*lhs_params, pattern)]
        like = _like_prefilter(phrase)
        if like is not None:
            sql = f"({lhs} LIKE %s ESCAPE '\\' AND {sql})"
            params = [*lhs_params, like, *params]
        return sql, params

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, params, phrase = self._lhs_and_phrase(compiler, connection)
        return f"{lhs} ~ %s", [*params, _regex_pattern(phrase)]

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, params, phrase = self._lhs_and_phrase(compiler, connection)
        operator = connection.operators["regex"] % "%s"
        return f"{lhs} {operator}", [*params, _regex_pattern(phrase)]


# --- The full-text part ------------------------------------------------------------------------


@dataclass(frozen=True)
class _ParsedQuery:
    """A folded query split into what the index must match."""

    folded: str  # the whole query, folded, quotes removed: the phrase ranked second
    words: tuple[str, ...]  # plain words, all required
    phrases: tuple[str, ...]  # quoted text and punctuated chunks, each required as a phrase


def _parse_query(query: str) -> _ParsedQuery:
    folded = fold(query)
    phrases: list[str] = []
    for quoted in _QUOTED_RE.findall(folded):
        if _WORD_RE.search(quoted):
            phrases.append(" ".join(quoted.split()))
    rest = _QUOTED_RE.sub(" ", folded).replace('"', " ")
    words: list[str] = []
    for chunk in rest.split():
        tokens = _WORD_RE.findall(chunk)
        if len(tokens) == 1:
            words.append(tokens[0])
        elif tokens:
            # Keep the chunk's own punctuation (``kh/qu``): each backend tokenises a phrase the
            # way it tokenised the documents.
            start = _WORD_RE.search(chunk)
            end = list(_WORD_RE.finditer(chunk))[-1]
            phrases.append(chunk[start.start() : end.end()] if start else chunk)
    return _ParsedQuery(
        folded=" ".join(folded.replace('"', " ").split()),
        words=tuple(dict.fromkeys(words)),
        phrases=tuple(dict.fromkeys(phrases)),
    )


def _index_query(parsed: _ParsedQuery) -> SearchQuery | None:
    parts: list[SearchQuery] = [Phrase(phrase) for phrase in parsed.phrases]
    if parsed.words:
        parts.append(PlainText(" ".join(parsed.words), operator="and"))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def _fts5_string(text: str) -> str:
    """An FTS5 string: tokenised by FTS5 itself, so a phrase keeps its word order."""
    return '"' + text.replace('"', '""') + '"'


def _sqlite_fts_matches(parsed: _ParsedQuery, cited: list[str]) -> RawSQL:
    """SQL for the ids of the documents whose index entry matches, read from modelsearch's
    SQLite tables.

    Not through ``backend.search()``: its query joins the FTS5 table to the index entries in
    one ``WHERE``, and the SQLite planner then loops over every entry asking FTS5 about each
    one (seconds on 50.000 documents). Matching in a subquery of its own runs FTS5 once.
    """
    terms = [_fts5_string(text) for text in (*parsed.phrases, *parsed.words)]
    expression = " AND ".join(terms)
    if cited:
        expression = " OR ".join([f"({expression})", *(_fts5_string(fold(s)) for s in cited)])
    entries = _index_entry_model()
    fts_table = f"{entries._meta.db_table}_fts"
    # The FTS5 match runs once, as a list; the entries of documents are then found through
    # the (content type, object id) index alone, without reading the entries' stored text.
    sql = (
        f"SELECT CAST(entry.object_id AS INTEGER) FROM {entries._meta.db_table} entry "
        f"WHERE entry.content_type_id = %s AND entry.id IN "
        f"(SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH %s)"
    )
    content_type = ContentType.objects.get_for_model(Document, for_concrete_model=True)
    # No column filter: a document's entry fills only the body column (``search_text``), and
    # FTS5 matches faster without one.
    return RawSQL(sql, [content_type.pk, expression])


def _index_entry_model() -> type[Model]:
    return get_app_config().get_model("IndexEntry")


class _InWithoutIndex(Lookup):
    """``lhs IN (subquery)``, written ``+lhs IN (…)`` on SQLite so that the planner does not
    look every listed id up in the table.

    For a list of thousands of ids, walking the issue-date index newest first and checking
    each id against the list stops after a page of hits; looking up each id reads a table page
    per document and then sorts them all.
    """

    lookup_name = "in_without_index"
    prepare_rhs = False

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        prefix = "+" if connection.vendor == "sqlite" else ""
        return f"{prefix}{lhs} IN {rhs}", [*lhs_params, *rhs_params]


@dataclass(frozen=True)
class _Matches:
    """The documents a query's words match: a condition to filter by, a condition for walks
    in issue-date order, and an estimate of their number (None when unknown)."""

    condition: Q
    walk: Q
    estimate: int | None = None


def _ids_in(ids: list[int] | tuple[int, ...]) -> RawSQL | list[int]:
    """An ``IN`` right-hand side for a list of ids of any length: one JSON parameter on SQLite
    (which limits the number of parameters), the list itself elsewhere."""
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])
    return list(ids)


def _sqlite_matches(parsed: _ParsedQuery, cited: list[str]) -> _Matches:
    """Run the FTS5 match once and keep the ids: a page and its count use them two or three
    times, and rebuilding the list from the index costs more than reading it back."""
    raw = _sqlite_fts_matches(parsed, cited)
    with connection.cursor() as cursor:
        cursor.execute(raw.sql, raw.params)
        ids = [row[0] for row in cursor.fetchall()]
    listed = _ids_in(ids)
    return _Matches(Q(pk__in=listed), Q(_InWithoutIndex(F("pk"), listed)), len(ids))


def _is_sqlite_fts(backend: object) -> bool:
    if connection.vendor != "sqlite":
        return False
    # Imported here: the module looks up the SQLite-only index model when it is imported.
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return isinstance(backend, SQLiteSearchBackend)


def _backend_matches(parsed: _ParsedQuery, cited: list[str]) -> _Matches | None:
    """The documents the search backend matches, as a subquery; None when the backend is an
    external engine that cannot be joined in SQL."""
    backend = get_search_backend()
    if _is_sqlite_fts(backend):
        return _sqlite_matches(parsed, cited)
    search_query = _index_query(parsed)
    if search_query is None:
        return None
    if cited:
        # The documents that cite a matched number, however the query punctuated it.
        search_query = Or([search_query, *(Phrase(fold(symbol)) for symbol in cited)])
    results = backend.search(
        search_query, Document.objects.all(), operator="and", order_by_relevance=False
    )
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is None:
        return None
    condition = Q(pk__in=get_queryset().values("pk"))
    return _Matches(condition, condition)


def _like_matches(parsed: _ParsedQuery, cited: list[str]) -> _Matches:
    condition = Q()
    for text in (*parsed.words, *parsed.phrases):
        condition &= Q(search_text__contains=text)
    for symbol in cited:
        condition |= Q(search_text__contains=fold(symbol))
    return _Matches(condition, condition)


def _symbol_matches(documents: QuerySet[Document], query: str) -> list[tuple[int, str]]:
    """(id, symbol) of the documents whose number is the query, in loose form."""
    loose = loose_symbol_query(query)
    if not loose or not any(char.isdigit() for char in loose):
        return []
    return list(
        documents.filter(symbol_loose=loose)
        .order_by()
        .values_list("pk", "symbol")[:_MAX_SYMBOL_MATCHES]
    )


# Above this many matches, pages are cut by walking the issue-date index (see _InWithoutIndex).
_WALK_ABOVE = 2_000
_NEWEST_FIRST = ("-issue_date", "-pk")


@dataclass(frozen=True)
class _Plan:
    """How to cut a page of ranked results without ranking every match."""

    documents: QuerySet[Document]  # visible and filtered, not yet matched
    matches: _Matches
    exact_ids: tuple[int, ...]
    phrase: str
    indexed_conditions_only: bool

    def _matching(self, documents: QuerySet[Document], *, walk: bool = True) -> QuerySet[Document]:
        large = self.matches.estimate is not None and self.matches.estimate > _WALK_ABOVE
        return documents.filter(self.matches.walk if walk and large else self.matches.condition)

    def ranked_ids(self, stop: int) -> list[tuple[int, int]]:
        """(id, rank) of the first ``stop`` results, tier by tier, newest first in each."""
        ids: list[tuple[int, int]] = []
        if self.exact_ids:
            exact = self.documents.filter(pk__in=self.exact_ids).order_by(*_NEWEST_FIRST)
            ids.extend((pk, RANK_SYMBOL) for pk in exact.values_list("pk", flat=True)[:stop])
        others = self._matching(self.documents).exclude(pk__in=self.exact_ids)
        if self.phrase and len(ids) < stop:
            phrased = others.filter(Q(_FoldedPhraseIn(F("summary"), self.phrase)))
            found = list(
                phrased.order_by(*_NEWEST_FIRST).values_list("pk", flat=True)[: stop - len(ids)]
            )
            ids.extend((pk, RANK_SUMMARY_PHRASE) for pk in found)
            # Fewer than asked for: that is all of them, so the others are the rest, without
            # testing the phrase again.
            others = others.exclude(pk__in=_ids_in(found))
        if len(ids) < stop:
            rest = others.order_by(*_NEWEST_FIRST).values_list("pk", flat=True)
            ids.extend((pk, RANK_OTHER) for pk in rest[: stop - len(ids)])
        return ids

    def count(self) -> int:
        # When every condition is on an indexed column (type, issuer, year) the count reads
        # ids from an index alone; conditions on other columns (status, visibility) need the
        # rows, and looking up each match is then cheaper than reading every row.
        matching = self._matching(self.documents, walk=self.indexed_conditions_only)
        if not self.exact_ids:
            return matching.count()
        exact = self.documents.filter(pk__in=self.exact_ids)
        return matching.exclude(pk__in=self.exact_ids).count() + exact.count()


class RankedDocuments(QuerySet[Document]):
    """The ranked results of a search: a queryset, with fast pages and counts.

    As a queryset it orders by ``search_rank`` (0 exact number, 1 phrase in the summary,
    2 other), newest first. That ordering needs every match ranked and sorted: hundreds of
    milliseconds when a word occurs in most of 50.000 documents. Slicing (``qs[a:b]``, as
    paginators do) and ``count()`` on the search's own result, or on ``.all()`` of it, instead
    fetch the page tier by tier and count without ranking (:class:`_Plan`); the rows and their
    order are the same. Any other change (filter, order_by…) drops back to the plain queryset.
    """

    _plan: _Plan | None = None

    def all(self) -> RankedDocuments:
        clone = super().all()
        clone._plan = self._plan
        return clone

    def count(self) -> int:
        if self._plan is not None and self._result_cache is None:
            return self._plan.count()
        return super().count()

    def __getitem__(self, key: Any) -> Any:
        if (
            self._plan is None
            or self._result_cache is not None
            or not isinstance(key, slice)
            or key.step is not None
            or key.stop is None
            or (key.start or 0) < 0
            or key.stop < 0
        ):
            return super().__getitem__(key)
        start = key.start or 0
        ranked = self._plan.ranked_ids(key.stop)[start:]
        if not ranked:
            return []
        ranks = dict(ranked)
        rows = {
            document.pk: document
            for document in self._plan.documents.filter(pk__in=list(ranks))
            .select_related(None)
            .prefetch_related("issuer", "owner")
            .defer("body", "search_text")
        }
        page = []
        for pk, rank in ranked:
            document = rows[pk]
            document.search_rank = rank
            page.append(document)
        return page


def document_search(
    user: AnyUser, query: str = "", filters: DocumentFilters | None = None
) -> QuerySet[Document]:
    """The documents ``user`` may see that match ``query`` and ``filters``, best first.

    See the module docstring for matching and ranking. An empty query lists every visible
    document that passes the filters, newest first. The result is a lazy queryset (paginate
    it; see :class:`RankedDocuments`); ``search_rank`` is set on each result of a non-empty
    query. ``body`` and ``search_text`` are deferred: they are loaded when read.
    """
    documents = _apply_filters(documents_visible_to(user), filters or DocumentFilters())
    query = query or ""
    parsed = _parse_query(query)
    if not parsed.words and not parsed.phrases:
        return documents.order_by(*_NEWEST_FIRST).defer("body", "search_text")

    exact = _symbol_matches(documents, query)
    exact_ids = [pk for pk, _ in exact]
    number = parse_number(query)
    if number is not None and not number.is_draft:
        # "Số 229-KH/QU": the canonical number is the one phrase to find ("Số" is not a word);
        # it finds the document's own text and the texts that cite it.
        parsed = _ParsedQuery(parsed.folded, (), (fold(format_number(number)),))
        cited = []
    else:
        # "229 KH QU" has no punctuation to phrase; the numbers it matched exactly supply it.
        cited = sorted({symbol for _, symbol in exact})
    matches = _backend_matches(parsed, cited) or _like_matches(parsed, cited)
    condition = matches.condition
    if exact_ids:
        condition |= Q(pk__in=exact_ids)

    ranks: list[When] = []
    if exact_ids:
        ranks.append(When(pk__in=exact_ids, then=Value(RANK_SYMBOL)))
    if parsed.folded:
        ranks.append(
            When(_FoldedPhraseIn(F("summary"), parsed.folded), then=Value(RANK_SUMMARY_PHRASE))
        )
    rank = Case(*ranks, default=Value(RANK_OTHER), output_field=IntegerField())
    ranked = (
        documents.filter(condition)
        .annotate(search_rank=rank)
        .order_by("search_rank", *_NEWEST_FIRST)
        # Ranking sorts every match: joined units and the long texts would be read for each
        # one before the page is cut. Units come in one query per page instead.
        .select_related(None)
        .prefetch_related("issuer", "owner")
        .defer("body", "search_text")
    )
    results = RankedDocuments(model=Document, query=ranked.query, using=ranked.db)
    results._prefetch_related_lookups = ranked._prefetch_related_lookups
    results._deferred_filter = ranked._deferred_filter
    filters = filters or DocumentFilters()
    indexed_only = scope_roots(user, None) is None and not filters.status and not filters.topic
    results._plan = _Plan(documents, matches, tuple(exact_ids), parsed.folded, indexed_only)
    return results


# --- Choices for the filter form ---------------------------------------------------------------


def issuer_choices(user: AnyUser) -> list[tuple[str, str]]:
    """(issuer code, label) of the issuers of the documents ``user`` may see, in Vietnamese
    order of the label.

    The label is the issuer's name used most often with that code, then the code:
    ``"Thành ủy Hà Nội (TU)"``; a code with no name is its own label. One code can stand for
    several bodies (``QU`` for every district committee): the filter is by code.
    """
    rows = (
        documents_visible_to(user)
        .order_by()
        .values_list("issuer_code", "issuer_name")
        .annotate(uses=Count("pk"))
    )
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for code, name, uses in rows:
        names[code][name] += uses
    choices = []
    for code, counter in names.items():
        named = [(uses, name) for name, uses in counter.items() if name]
        if named:
            # Most used; on a tie, the name that sorts first, so the label is stable.
            name = min(named, key=lambda item: (-item[0], collation_key(item[1])))[1]
            choices.append((code, f"{name} ({code})"))
        else:
            choices.append((code, code))
    return sorted(choices, key=lambda choice: collation_key(choice[1]))


def _type_name(code: str) -> str | None:
    return PARTY_TYPE_CODES.get(code) or STATE_TYPE_CODES.get(code) or LEGAL_TYPE_CODES.get(code)


def type_choices(user: AnyUser) -> list[tuple[str, str]]:
    """(type code, label) of the document types ``user`` may see, in Vietnamese order:
    ``("KH", "Kế hoạch (KH)")``. Official letters (công văn) have no type code and no
    choice."""
    codes = (
        documents_visible_to(user)
        .exclude(type_code="")
        .order_by()
        .values_list("type_code", flat=True)
        .distinct()
    )
    choices = []
    for code in codes:
        name = _type_name(code)
        label = f"{name[0].upper()}{name[1:]} ({code})" if name else code
        choices.append((code, label))
    return sorted(choices, key=lambda choice: collation_key(choice[1]))
