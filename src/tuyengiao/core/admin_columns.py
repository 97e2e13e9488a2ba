"""Column titles of Wagtail's list of sites, in the interface language.

Wagtail titles three of its columns after the attribute names ("Port", "Site name", "Root
page"): plain text that no catalogue can translate. They take the translated names of the
model's fields instead (cổng, tên trang web, trang gốc).
"""

from __future__ import annotations

from django.utils.text import capfirst
from wagtail.models import Site
from wagtail.sites.views import IndexView

UNTRANSLATED = ("port", "site_name", "root_page")


def translate_site_columns() -> None:
    for column in IndexView.columns:
        if column.name in UNTRANSLATED:
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
