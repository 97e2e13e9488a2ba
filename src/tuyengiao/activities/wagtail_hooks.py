"""Admin integration of the activity log: menu, URLs and audit actions."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from tuyengiao.activities import urls
from tuyengiao.activities.imports import IMPORT_ACTION
from tuyengiao.orgs.menu import CapabilityMenuItem


@hooks.register("register_admin_urls")
def register_activities_urls():  # type: ignore[no-untyped-def]
    return [path("activities/", include(urls, namespace="activities"))]


@hooks.register("register_admin_menu_item")
def register_activities_menu_item() -> CapabilityMenuItem:
    return CapabilityMenuItem(
        _("Activity log"), reverse_lazy("activities:list"), icon_name="date", order=180
    )


@hooks.register("register_log_actions")
def register_activities_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action(IMPORT_ACTION, _("Import activities"), _("Activities imported"))
