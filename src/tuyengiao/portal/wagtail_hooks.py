"""Admin hooks of the portal: the names of its audit actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from tuyengiao.portal.services import IMPORT_ACTION


@hooks.register("register_log_actions")
def register_portal_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action(IMPORT_ACTION, _("Import article"), _("Article imported as a draft"))
