"""Vietnamese order inside the database, for lists sorted by a column that has no stored key.

Columns with a stored key (``sort_key``, from :func:`tuyengiao.core.text.collation_key`) are
ordered by it. Any other text column is ordered with ``Vietnamese(column)``: PostgreSQL's ICU
collation ``vi-x-icu``, and on SQLite a collation of the same name registered on every
connection that compares :func:`~tuyengiao.core.text.collation_key`. Both give the dictionary
order: a ă â b c d đ e ê…, tones a à ả ã á ạ.
"""

from __future__ import annotations

from functools import lru_cache

from django.db.models.functions import Collate

from tuyengiao.core.text import collation_key

SQLITE_COLLATION = "vi"
POSTGRESQL_COLLATION = "vi-x-icu"

_key = lru_cache(maxsize=65536)(collation_key)


def _compare(left: str, right: str) -> int:
    a, b = _key(left), _key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """``connection_created`` receiver: teach each new SQLite connection the collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


class Vietnamese(Collate):
    """``order_by(Vietnamese("first_name"))``: the column in Vietnamese dictionary order."""

    def __init__(self, expression) -> None:  # type: ignore[no-untyped-def]
        super().__init__(expression, SQLITE_COLLATION)

    def as_postgresql(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        collation = connection.ops.quote_name(POSTGRESQL_COLLATION)
        return self.as_sql(compiler, connection, collation=collation, **extra_context)


def people_by_name(queryset, *, descending: bool = False):  # type: ignore[no-untyped-def]
    """Accounts in the order of a Vietnamese list of names: given name, then family name."""
    keys = [Vietnamese("first_name"), Vietnamese("last_name")]
    if descending:
        keys = [key.desc() for key in keys]
    return queryset.order_by(*keys, "username")
