"""Admin integration of the organisations app: audit actions, menu, views."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_orgs_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action("tuyengiao.orgs.merge", _("Merge units"), _("Units merged"))
    actions.register_action("tuyengiao.orgs.split", _("Split unit"), _("Unit split"))
    actions.register_action("tuyengiao.orgs.dissolve", _("Dissolve unit"), _("Unit dissolved"))
    actions.register_action("tuyengiao.orgs.revoke", _("Revoke role"), _("Role revoked"))
