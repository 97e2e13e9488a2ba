"""Staff screens of plans, under /admin/plans/: the plans, a plan's tree with progress, a
work item with its shares and timeline, the directive tracking matrix, and reminders."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from laces.components import Component

from tuyengiao.core.actors import actor_of
from tuyengiao.core.admin_views import AdminPage
from tuyengiao.core.forms import show_errors
from tuyengiao.documents.search import document_search
from tuyengiao.documents.selectors import documents_visible_to
from tuyengiao.orgs.access import AnyUser, can, has_capability
from tuyengiao.plans.exports import plan_to_docx, plan_to_xlsx
from tuyengiao.plans.forms import (
    AsOfForm,
    CommentForm,
    DocumentSearchForm,
    EvidenceForm,
    ImportForm,
    MatrixFilterForm,
    MilestoneForm,
    PlanForm,
    StatusForm,
    TrackingForm,
    WorkItemForm,
)
from tuyengiao.plans.imports import WorkItemImportError, import_work_items
from tuyengiao.plans.models import Plan
from tuyengiao.plans.reminders import reminders_for, reminders_mark_read
from tuyengiao.plans.selectors import (
    ItemRow,
    assignment_for_user,
    assignments_visible_to,
    expected_units_for,
    plan_for_user,
    plan_tree,
    plans_visible_to,
    summarize,
    timeline,
    tracking_for_user,
    tracking_matrix,
    trackings_visible_to,
    work_item_for_user,
)
from tuyengiao.plans.services import (
    assignment_status_set,
    milestone_record,
    plan_create,
    plan_update,
    tracking_create,
    tracking_units_expect,
    work_item_add,
    work_item_assignees_set,
    work_item_comment,
    work_item_delete,
    work_item_evidence_add,
    work_item_move,
    work_item_status_set,
    work_item_update,
)


class PlansPage(AdminPage):
    header_icon = "tasks"
    parent_url_name = "plans:list"
    parent_label = _("Plans and work items")


def _as_of(request: HttpRequest) -> date:
    form = AsOfForm(request.GET or None)
    return (form.is_valid() and form.cleaned_data.get("as_of")) or timezone.localdate()


class PlanListView(PlansPage):
    """The plans and trackings the user may see, with today's figures."""

    template_name = "plans/list.html"
    page_title = _("Plans and work items")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        as_of = _as_of(self.request)
        rows = []
        for plan in plans_visible_to(user):
            state = plan_tree(user, plan, as_of=as_of)
            rows.append((plan, state.progress, summarize(state)))
        return super().get_context_data(
            rows=rows,
            trackings=trackings_visible_to(user),
            can_create=has_capability(user, "can_edit_data"),
            as_of=as_of,
            form=AsOfForm(initial={"as_of": as_of}),
            **kwargs,
        )


class PlanDetailView(PlansPage):
    """A plan's tree of work items with progress and the figures, as of a date."""

    template_name = "plans/detail.html"

    def get_page_title(self) -> str:
        return self.plan.code

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.plan = plan_for_user(request.user, pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user, plan = self.request.user, self.plan
        as_of = _as_of(self.request)
        state = plan_tree(user, plan, as_of=as_of)
        return super().get_context_data(
            plan=plan,
            state=state,
            summary=summarize(state),
            as_of=as_of,
            form=AsOfForm(initial={"as_of": as_of}),
            can_edit=can(user, "can_edit_data", plan.owner),
            **kwargs,
        )


def _row_of(user: AnyUser, item_pk: int, plan: Any) -> ItemRow:
    for row in plan_tree(user, plan).rows():
        if row.item.pk == item_pk:
            return row
    raise Http404("Không tìm thấy đầu việc.")


class WorkItemView(PlansPage):
    """A work item: its shares with their statuses, forms to update them, the timeline."""

    template_name = "plans/item.html"

    def get_page_title(self) -> str:
        return f"{self.item.number}. {self.item.title[:80]}"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        items = super().get_breadcrumbs_items()
        plan = self.item.plan
        items.insert(-1, {"url": reverse("plans:detail", args=[plan.pk]), "label": plan.code})
        return items

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.item = work_item_for_user(request.user, pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user, item = self.request.user, self.item
        row = _row_of(user, item.pk, item.plan)
        shares = []
        for share in row.shares:
            unit = share.assignment.unit if share.assignment else item.owner
            editable = can(user, "can_edit_data", unit) or can(
                user, "can_edit_data", item.plan.owner
            )
            form = StatusForm(
                initial={"status": share.status},
                prefix=f"s{share.assignment.pk if share.assignment else None}",
            )
            shares.append((share, unit, editable, form))
        can_edit_plan = can(user, "can_edit_data", item.plan.owner)
        return super().get_context_data(
            item=item,
            can_edit_plan=can_edit_plan,
            can_nest=not item.assignments.exists(),
            can_attach=can_edit_plan or any(editable for _s, _u, editable, _f in shares),
            row=row,
            shares=shares,
            updates=timeline(user, item),
            comment_form=CommentForm(),
            today=timezone.localdate(),
            **kwargs,
        )


def _change_status(request: HttpRequest, prefix: str, change: Any) -> None:
    """Read the status form and apply ``change`` (a status service with its target bound),
    reporting the outcome as a message."""
    form = StatusForm(request.POST, prefix=prefix)
    if not form.is_valid():
        messages.error(request, _("Choose a status and a valid date."))
        return
    try:
        change(
            status=form.cleaned_data["status"],
            on=form.cleaned_data["effective_on"],
            note=form.cleaned_data["note"],
            actor=actor_of(request.user),
        )
    except (ValidationError, PermissionDenied) as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The status is updated."))


class AssignmentStatusView(View):
    """Change one unit's status on its share (POST)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        assignment = assignment_for_user(request.user, pk)
        _change_status(request, f"s{pk}", partial(assignment_status_set, assignment=assignment))
        return redirect("plans:item", pk=assignment.work_item_id)


class ItemStatusView(View):
    """Change the status of an item its owner carries out itself (POST)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = work_item_for_user(request.user, pk)
        _change_status(request, "sNone", partial(work_item_status_set, item=item))
        return redirect("plans:item", pk=pk)


class CommentView(View):
    """Comment on a work item, or on one unit's share of it (POST)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = work_item_for_user(request.user, pk)
        form = CommentForm(request.POST)
        target: Any = item
        if request.POST.get("assignment"):
            target = assignment_for_user(request.user, int(request.POST["assignment"]))
            if target.work_item_id != item.pk:
                raise Http404("Không tìm thấy phân công.")
        if form.is_valid():
            try:
                work_item_comment(
                    target=target, note=form.cleaned_data["note"], actor=actor_of(request.user)
                )
            except (ValidationError, PermissionDenied) as error:
                show_errors(request, error)
        else:
            messages.error(request, _("Write a comment first."))
        return redirect("plans:item", pk=pk)


class PlanExportView(View):
    """The plan with its statuses as of a date, as an Excel workbook or a Word table."""

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        plan = plan_for_user(request.user, pk)
        state = plan_tree(request.user, plan, as_of=_as_of(request))
        if fmt == "xlsx":
            content, mime = (
                plan_to_xlsx(state),
                ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            )
        elif fmt == "docx":
            content, mime = (
                plan_to_docx(state),
                ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            )
        else:
            raise Http404("Định dạng không hỗ trợ.")
        response = HttpResponse(content, content_type=mime)
        name = f"ke-hoach-{plan.pk}-{state.as_of:%Y%m%d}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class PlanImportView(PlansPage):
    """Add work items to a plan from an Excel file: all rows or none."""

    template_name = "plans/import.html"

    def get_page_title(self) -> str:
        return f"{_('Import work items')}: {self.plan.code}"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.plan = plan_for_user(request.user, kwargs["pk"])
        if not can(request.user, "can_edit_data", self.plan.owner):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", ImportForm())
        return super().get_context_data(plan=self.plan, **kwargs)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        try:
            created = import_work_items(
                plan=self.plan,
                filename=upload.name,
                content=upload.read(),
                actor=actor_of(request.user),
            )
        except WorkItemImportError as error:
            return self.render_to_response(self.get_context_data(form=form, errors=error.rows))
        messages.success(request, _("%(count)d work items imported.") % {"count": len(created)})
        return redirect("plans:detail", pk=pk)


class ReminderListView(PlansPage):
    """The person's reminders; opening the page marks them read."""

    template_name = "plans/reminders.html"
    page_title = _("Reminders")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        reminders = list(reminders_for(self.request.user)[:200])
        reminders_mark_read(user=self.request.user)
        return super().get_context_data(reminders=reminders, **kwargs)


class TrackingView(PlansPage):
    """Units × milestones of a directive's implementation, filterable by level."""

    template_name = "plans/tracking.html"

    def get_page_title(self) -> str:
        return self.tracking.title

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.tracking = tracking_for_user(request.user, pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = MatrixFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        matrix = tracking_matrix(
            self.request.user,
            self.tracking,
            as_of=data.get("as_of") or None,
            kind_code=data["kind"].code if data.get("kind") else None,
        )
        return super().get_context_data(matrix=matrix, form=form, **kwargs)


class RemindersPanel(Component):
    """The dashboard panel: the person's unread reminders."""

    name = "plan_reminders"
    order = 50
    template_name = "plans/reminders_panel.html"

    def __init__(self, user: AnyUser) -> None:
        self.user = user

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        unread = reminders_for(self.user).filter(read_at__isnull=True)
        return {"reminders": list(unread[:10]), "count": unread.count()}


# --- Writing plans, work items, evidence and tracking ------------------------------------------


class FormPage(PlansPage):
    """A page with one form: shown on GET; on POST, ``save`` calls the services and returns
    where to go, or the form comes back with the refusal next to its field. A write the
    person may not make is 403."""

    template_name = "plans/form.html"
    success_message: Any = ""

    def get_form(self, data: Any = None) -> Any:
        raise NotImplementedError

    def save(self, form: Any) -> str:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    url = self.save(form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, self.success_message)
                return redirect(url)
        return self.render_to_response(self.get_context_data(form=form))


def _require_plan_editor(user: AnyUser, plan: Any) -> None:
    if not can(user, "can_edit_data", plan.owner):
        raise PermissionDenied


class PlanCreateView(FormPage):
    page_title = _("New plan")
    success_message = _("The plan is created.")

    def get_form(self, data: Any = None) -> PlanForm:
        initial = {"kind": Plan.Kind.IMPLEMENTATION}
        return PlanForm(data, initial=initial, user=self.request.user)

    def save(self, form: PlanForm) -> str:
        plan = plan_create(actor=actor_of(self.request.user), **form.cleaned_data)
        return reverse("plans:detail", args=[plan.pk])


class PlanEditView(FormPage):
    success_message = _("The plan is saved.")

    def get_page_title(self) -> str:
        return f"{_('Edit')}: {self.plan.code}"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.plan = plan_for_user(request.user, kwargs["pk"])
        _require_plan_editor(request.user, self.plan)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data: Any = None) -> PlanForm:
        p = self.plan
        initial = {
            "code": p.code,
            "title": p.title,
            "kind": p.kind,
            "owner": p.owner.code,
            "document": p.document.symbol if p.document else "",
            "year": p.year,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
        }
        return PlanForm(data, initial=initial, user=self.request.user, plan=p)

    def save(self, form: PlanForm) -> str:
        plan_update(plan=self.plan, actor=actor_of(self.request.user), **form.cleaned_data)
        return reverse("plans:detail", args=[self.plan.pk])


class WorkItemCreateView(FormPage):
    """Add a work item to a plan (``?parent=`` puts it under an item)."""

    success_message = _("The work item is added.")

    def get_page_title(self) -> str:
        return f"{_('New work item')}: {self.plan.code}"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.plan = plan_for_user(request.user, kwargs["pk"])
        _require_plan_editor(request.user, self.plan)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data: Any = None) -> WorkItemForm:
        parent = self.request.GET.get("parent")
        initial = {"parent": parent if parent and parent.isdigit() else None}
        initial["owner"] = self.plan.owner.code
        return WorkItemForm(data, initial=initial, user=self.request.user, plan=self.plan)

    def save(self, form: WorkItemForm) -> str:
        data = dict(form.cleaned_data)
        item = work_item_add(
            plan=self.plan,
            actor=actor_of(self.request.user),
            assignees=data.pop("assignees"),
            **data,
        )
        return reverse("plans:item", args=[item.pk])


class WorkItemEditView(FormPage):
    """Edit a work item: its fields, its place in the tree, and its assignee units."""

    success_message = _("The work item is saved.")

    def get_page_title(self) -> str:
        return f"{_('Edit')}: {self.item.number}. {self.item.title[:60]}"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.item = work_item_for_user(request.user, kwargs["pk"])
        _require_plan_editor(request.user, self.item.plan)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data: Any = None) -> WorkItemForm:
        i = self.item
        initial = {
            "parent": i.parent_id,
            "number": i.number,
            "title": i.title,
            "owner": i.owner.code,
            "weight": i.weight,
            "due_on": i.due_on,
            "recurrence": i.recurrence,
            "due_day": i.due_day,
            "assignees": [a.unit.code for a in i.assignments.select_related("unit")],
        }
        return WorkItemForm(data, initial=initial, user=self.request.user, plan=i.plan, item=i)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            delete_url=reverse("plans:item_delete", args=[self.item.pk]), **kwargs
        )

    def save(self, form: WorkItemForm) -> str:
        data = dict(form.cleaned_data)
        user, item = self.request.user, self.item
        parent, assignees = data.pop("parent"), data.pop("assignees")
        if parent != item.parent:
            work_item_move(item=item, parent=parent, actor=actor_of(user))
            data["number"] = data["number"] if "number" in form.changed_data else ""
        work_item_update(item=item, actor=actor_of(user), **data)
        work_item_assignees_set(item=item, units=assignees, actor=actor_of(user))
        return reverse("plans:item", args=[item.pk])


class WorkItemDeleteView(View):
    """Delete a work item with its sub-items, when no work was recorded on them (POST)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = work_item_for_user(request.user, pk)
        _require_plan_editor(request.user, item.plan)
        try:
            work_item_delete(item=item, actor=actor_of(request.user))
        except ValidationError as error:
            show_errors(request, error)
            return redirect("plans:item_edit", pk=pk)
        messages.success(request, _("The work item is deleted."))
        return redirect("plans:detail", pk=item.plan_id)


class EvidenceView(PlansPage):
    """Find a document in the registry and attach it to the work item, or to one unit's
    share of it, as evidence."""

    template_name = "plans/evidence.html"

    def get_page_title(self) -> str:
        return f"{_('Attach a document')}: {self.item.number}. {self.item.title[:60]}"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.item = work_item_for_user(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data: Any = None) -> EvidenceForm:
        user = self.request.user
        assignments = assignments_visible_to(user).filter(work_item=self.item)
        return EvidenceForm(data, documents=documents_visible_to(user), assignments=assignments)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        search = DocumentSearchForm(self.request.GET or None)
        query = search.cleaned_data["q"] if search.is_valid() else ""
        results = list(document_search(self.request.user, query)[:20]) if query else []
        kwargs.setdefault("form", self._form())
        return super().get_context_data(
            item=self.item, search=search, query=query, results=results, **kwargs
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = self._form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        target = form.cleaned_data["assignment"] or self.item
        try:
            work_item_evidence_add(
                actor=actor_of(request.user),
                target=target,
                record=form.cleaned_data["document"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The document is attached as evidence."))
        return redirect("plans:item", pk=pk)


class TrackingCreateView(FormPage):
    """Follow how the units below a unit implement a directive."""

    page_title = _("New directive tracking")
    success_message = _("The tracking is created.")

    def get_form(self, data: Any = None) -> TrackingForm:
        initial = {"expected_as_of": timezone.localdate(), "kinds": ["commune_committee"]}
        return TrackingForm(data, initial=initial, user=self.request.user)

    def save(self, form: TrackingForm) -> str:
        data = dict(form.cleaned_data)
        root, kinds = data.pop("root"), data.pop("kinds")
        tracking = tracking_create(actor=actor_of(self.request.user), **data)
        tracking_units_expect(
            tracking=tracking,
            root=root,
            kind_codes=[kind.code for kind in kinds],
            actor=actor_of(self.request.user),
        )
        return reverse("plans:tracking", args=[tracking.pk])


class MilestoneView(FormPage):
    """Record (or correct) a milestone an expected unit reached."""

    success_message = _("The milestone is recorded.")

    def get_page_title(self) -> str:
        return f"{_('Record a milestone')}: {self.tracking.title}"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.tracking = tracking_for_user(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data: Any = None) -> MilestoneForm:
        initial = {
            "unit": self.request.GET.get("unit"),
            "kind": self.request.GET.get("kind"),
            "done_on": timezone.localdate(),
        }
        expected = expected_units_for(self.request.user, self.tracking)
        return MilestoneForm(data, initial=initial, user=self.request.user, expected_units=expected)

    def save(self, form: MilestoneForm) -> str:
        data = dict(form.cleaned_data)
        data.pop("unit")
        milestone_record(
            expected_unit=form.expected_unit(), actor=actor_of(self.request.user), **data
        )
        return reverse("plans:tracking", args=[self.tracking.pk])
