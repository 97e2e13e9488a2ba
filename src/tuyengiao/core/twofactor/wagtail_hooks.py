"""Admin integration of two-step sign-in: the account page's entry, audit actions."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogActionRegistry

from tuyengiao.core.twofactor import services


@hooks.register("register_account_menu_item")
def two_step_account_item(request: HttpRequest) -> dict[str, object]:
    return {
        "url": reverse("twofactor:manage"),
        "label": _("Two-step sign-in"),
        "help_text": _("A code from an app on your phone after your password."),
    }


@hooks.register("register_log_actions")
def register_twofactor_actions(actions: LogActionRegistry) -> None:
    actions.register_action(
        services.ENROL_ACTION, _("Turn on two-step sign-in"), _("Two-step sign-in turned on")
    )
    actions.register_action(
        services.REMOVE_ACTION, _("Turn off two-step sign-in"), _("Two-step sign-in turned off")
    )
    actions.register_action(
        services.RENEW_ACTION, _("Make new recovery codes"), _("New recovery codes made")
    )
    actions.register_action(
        services.RECOVERY_USED_ACTION, _("Sign in with a recovery code"), _("Recovery code used")
    )
