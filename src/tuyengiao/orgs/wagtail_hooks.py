"""Admin integration of the organisations app: menu, URLs and audit actions."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from tuyengiao.orgs import urls
from tuyengiao.orgs.menu import CapabilityMenuItem


@hooks.register("register_admin_urls")
def register_orgs_urls():  # type: ignore[no-untyped-def]
    return [path("units/", include(urls, namespace="orgs"))]


@hooks.register("register_admin_menu_item")
def register_tree_menu_item() -> CapabilityMenuItem:
    return CapabilityMenuItem(
        _("Organisation"), reverse_lazy("orgs:tree"), icon_name="site", order=150
    )


@hooks.register("register_settings_menu_item")
def register_memberships_menu_item() -> CapabilityMenuItem:
    return CapabilityMenuItem(
        _("Roles and memberships"),
        reverse_lazy("orgs:memberships"),
        icon_name="group",
        order=150,
        capability="can_grant",
    )


@hooks.register("register_log_actions")
def register_orgs_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action("tuyengiao.orgs.merge", _("Merge units"), _("Units merged"))
    actions.register_action("tuyengiao.orgs.split", _("Split unit"), _("Unit split"))
    actions.register_action("tuyengiao.orgs.dissolve", _("Dissolve unit"), _("Unit dissolved"))
    actions.register_action("tuyengiao.orgs.revoke", _("Revoke role"), _("Role revoked"))
