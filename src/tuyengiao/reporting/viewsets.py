"""Set-up screens of periodic reporting (Wagtail model viewsets): indicators, report forms,
their sections and validation rules, under the "Reporting setup" menu.

Who may set up is decided by :func:`services.may_set_up` through a permission policy, so
Wagtail's list, create, edit, delete, history and usage screens all ask it; Wagtail records
each creation, change and deletion in the audit log itself.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from tuyengiao.orgs.access import version_in_force
from tuyengiao.orgs.models import Membership, Placement
from tuyengiao.reporting.models import FormSection, Indicator, ReportForm, ValidationRule
from tuyengiao.reporting.services import may_set_up
from tuyengiao.reporting.setup_forms import (
    FormSectionForm,
    IndicatorForm,
    ReportFormForm,
    ValidationRuleForm,
)


class SetupPolicy(BasePermissionPolicy):
    """Every action on reporting set-up belongs to those who :func:`may_set_up`."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        # Asked by each menu item on every admin page: answered once per request's user.
        answer = getattr(user, "_may_set_up_reporting", None)
        if answer is None:
            answer = user._may_set_up_reporting = may_set_up(user)
        return answer

    def users_with_any_permission(self, actions: Any) -> Any:
        today = timezone.localdate()
        tops = Placement.objects.filter(version=version_in_force(today), depth=0)
        managers = Membership.objects.valid_on(today).filter(
            unit__in=tops.values("unit_id"), role__can_manage_units=True
        )
        return get_user_model().objects.filter(
            Q(is_superuser=True) | Q(pk__in=managers.values("user_id")), is_active=True
        )


class SetupEditView(generic.EditView):
    """Editing; a class of this app, so that the URL access checks cover it."""


class SetupDeleteView(generic.DeleteView):
    """Deletion, refused with a message while figures, reports or forms still use it."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                f"Không xóa được “{self.object}” vì đang được dùng (trong biểu mẫu, báo cáo "
                "hoặc số liệu đã nhập).",
            )
            return redirect(self.edit_url_name, self.object.pk)


class SetupViewSet(ModelViewSet):
    edit_view_class = SetupEditView
    delete_view_class = SetupDeleteView
    copy_view_enabled = False
    add_to_admin_menu = False

    def get_form_class(self, for_update: bool = False) -> Any:
        return self.form_class


class IndicatorViewSet(SetupViewSet):
    model = Indicator
    name = "reporting_indicators"
    url_prefix = "reports/setup/indicators"
    icon = "list-ul"
    form_class = IndicatorForm
    list_display = ["code", "name", "value_type", "aggregation", "category", "source"]
    list_filter = ["value_type", "source"]
    search_fields = ["code", "name"]


class ReportFormViewSet(SetupViewSet):
    model = ReportForm
    name = "reporting_forms"
    url_prefix = "reports/setup/forms"
    icon = "table"
    form_class = ReportFormForm
    list_display = ["code", "name", "period_type", "due_days", "lock_days", "is_active"]
    list_filter = ["period_type", "is_active"]
    search_fields = ["code", "name"]


class FormSectionViewSet(SetupViewSet):
    model = FormSection
    name = "reporting_sections"
    url_prefix = "reports/setup/sections"
    icon = "list-ol"
    form_class = FormSectionForm
    list_display = ["title", "form", "sort_order", "is_narrative"]
    list_filter = ["form"]
    search_fields = ["title"]


class ValidationRuleViewSet(SetupViewSet):
    model = ValidationRule
    name = "reporting_rules"
    url_prefix = "reports/setup/rules"
    icon = "tick"
    form_class = ValidationRuleForm
    list_display = ["message", "form", "left", "operator", "right"]
    list_filter = ["form"]


class ReportingSetupGroup(ViewSetGroup):
    menu_label = _("Reporting setup")
    menu_icon = "cog"
    menu_order = 195
    items = (IndicatorViewSet, ReportFormViewSet, FormSectionViewSet, ValidationRuleViewSet)


SETUP_MODELS = (Indicator, ReportForm, FormSection, ValidationRule)
