"""Admin integration of the document registry: audit actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_documents_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action(
        "tuyengiao.documents.relation", _("Relate documents"), _("Documents related")
    )
