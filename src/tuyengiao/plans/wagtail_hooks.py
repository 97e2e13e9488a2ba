"""Admin integration of plans: menu, URLs, the dashboard panel of reminders, audit actions."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from tuyengiao.orgs.menu import CapabilityMenuItem
from tuyengiao.plans import urls
from tuyengiao.plans.views import RemindersPanel


@hooks.register("register_admin_urls")
def register_plans_urls():  # type: ignore[no-untyped-def]
    return [path("plans/", include(urls, namespace="plans"))]


@hooks.register("register_admin_menu_item")
def register_plans_menu_item() -> CapabilityMenuItem:
    return CapabilityMenuItem(
        _("Plans and work items"), reverse_lazy("plans:list"), icon_name="tasks", order=170
    )


@hooks.register("construct_homepage_panels")
def add_reminders_panel(request, panels):  # type: ignore[no-untyped-def]
    panels.insert(0, RemindersPanel(request.user))


@hooks.register("register_log_actions")
def register_plans_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action(
        "tuyengiao.plans.assign", _("Assign work item"), _("Work item assigned")
    )
    actions.register_action(
        "tuyengiao.plans.status", _("Change work status"), _("Work status changed")
    )
    actions.register_action("tuyengiao.plans.comment", _("Comment"), _("Comment added"))
    actions.register_action("tuyengiao.plans.evidence", _("Add evidence"), _("Evidence added"))
    actions.register_action(
        "tuyengiao.plans.evidence_withdraw", _("Withdraw evidence"), _("Evidence withdrawn")
    )
    actions.register_action(
        "tuyengiao.plans.expect", _("Set expected units"), _("Expected units set")
    )
    actions.register_action(
        "tuyengiao.plans.milestone", _("Record milestone"), _("Milestone recorded")
    )
    actions.register_action(
        "tuyengiao.plans.import", _("Import work items"), _("Work items imported")
    )
    actions.register_action("tuyengiao.plans.move", _("Move work item"), _("Work item moved"))
    actions.register_action(
        "tuyengiao.plans.delete_item", _("Delete work item"), _("Work item deleted")
    )
