"""Template filters that print figures and dates the Vietnamese way.

``{% load vietnamese %}`` then ``{{ 1418|vi_number }}`` → ``1.418``,
``{{ 95.555|vi_percent }}`` → ``95,56%``, ``{{ day|vi_prose_date }}`` →
``ngày 05 tháng 02 năm 2026``, ``{{ 5|vi_count }}`` → ``05``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template

from tuyengiao.core import formatting

register = template.Library()


@register.filter
def vi_number(value: int | float | Decimal, decimals: int = 0) -> str:
    """``1418`` → ``1.418``; ``vi_number:2`` keeps two decimals (``95,56``)."""
    return formatting.format_number(value, decimals)


@register.filter
def vi_percent(value: int | float | Decimal, decimals: int = 2) -> str:
    """A percentage value printed as ``95,56%``."""
    return formatting.format_percent(value, decimals)


@register.filter
def vi_count(value: int) -> str:
    """A count in prose, zero-padded below ten: ``05``."""
    return formatting.format_count(value)


@register.filter
def vi_date(value: date) -> str:
    """``05/02/2026``."""
    return formatting.format_date(value)


@register.filter
def vi_prose_date(value: date) -> str:
    """``ngày 05 tháng 02 năm 2026``."""
    return formatting.format_prose_date(value)
