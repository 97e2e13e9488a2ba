"""Admin integration of the contests: menu, URLs and audit actions."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from tuyengiao.contests import urls
from tuyengiao.orgs.menu import CapabilityMenuItem


@hooks.register("register_admin_urls")
def register_contests_urls():  # type: ignore[no-untyped-def]
    return [path("contests/", include(urls, namespace="contests"))]


@hooks.register("register_admin_menu_item")
def register_contests_menu_item() -> CapabilityMenuItem:
    return CapabilityMenuItem(
        _("Contests"), reverse_lazy("contests:list"), icon_name="pick", order=300
    )


@hooks.register("register_log_actions")
def register_contests_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action(
        "tuyengiao.contests.results", _("Compute round results"), _("Round results computed")
    )
    actions.register_action(
        "tuyengiao.contests.import", _("Import questions"), _("Questions imported")
    )
    actions.register_action(
        "tuyengiao.contests.report_resolve",
        _("Resolve a question report"),
        _("Question report resolved"),
    )
    actions.register_action(
        "tuyengiao.contests.erase",
        _("Erase an entrant's personal data"),
        _("Entrant's personal data erased"),
    )
