"""Admin integration of periodic reporting: menu, URLs, set-up screens and audit actions."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from tuyengiao.orgs.menu import CapabilityMenuItem
from tuyengiao.reporting import urls
from tuyengiao.reporting.viewsets import SETUP_MODELS, ReportingSetupGroup, SetupPolicy

for model in SETUP_MODELS:
    register_permission_policy(model, SetupPolicy(model))


@hooks.register("register_admin_urls")
def register_reporting_urls():  # type: ignore[no-untyped-def]
    return [path("reports/", include(urls, namespace="reporting"))]


@hooks.register("register_admin_menu_item")
def register_reporting_menu_item() -> CapabilityMenuItem:
    return CapabilityMenuItem(
        _("Periodic reports"), reverse_lazy("reporting:home"), icon_name="table", order=190
    )


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item() -> CapabilityMenuItem:
    return CapabilityMenuItem(
        _("Report dashboard"), reverse_lazy("reporting:dashboard"), icon_name="desktop", order=191
    )


@hooks.register("register_admin_viewset")
def register_reporting_setup() -> ReportingSetupGroup:
    return ReportingSetupGroup()


@hooks.register("register_log_actions")
def register_reporting_actions(actions):  # type: ignore[no-untyped-def]
    for action, label, message in (
        ("values", _("Enter figures"), _("Figures entered")),
        ("submit", _("Submit a report"), _("Report submitted")),
        ("approve", _("Approve a report"), _("Report approved")),
        ("return", _("Return a report"), _("Report returned for correction")),
        ("exception", _("Extend entry"), _("Entry extended for a unit")),
        ("remind", _("Remind to report"), _("Reminder sent")),
        ("import", _("Import figures"), _("Figures imported")),
        ("render", _("Write a report file"), _("Report file requested")),
    ):
        actions.register_action(f"tuyengiao.reporting.{action}", label, message)
