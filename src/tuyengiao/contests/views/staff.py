"""Staff screens of the contests, under /admin/contests/: contests and rounds, the question
bank with its import, the live monitor of a round, and results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from tuyengiao.contests.exports import results_to_xlsx
from tuyengiao.contests.forms import ContestForm, ImportForm, RoundForm
from tuyengiao.contests.imports import parse_questions, questions_import
from tuyengiao.contests.models import Contest, QuestionReport, Round
from tuyengiao.contests.selectors import (
    can_see_entrants,
    contest_for_user,
    contests_visible_to,
    report_for_user,
    round_for_user,
    round_monitor,
    standings,
    unit_names,
    unit_statistics,
)
from tuyengiao.contests.services import (
    contest_save,
    question_report_resolve,
    round_compute_results,
    round_save,
)
from tuyengiao.core.actors import actor_of
from tuyengiao.core.admin_views import AdminPage
from tuyengiao.core.pending import PendingUpload
from tuyengiao.orgs.access import can, units_in_scope

RESULTS_SHOWN = 100


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _organisers(user: Any) -> Any:
    return units_in_scope(user, timezone.localdate(), "can_edit_data")


class ContestsPage(AdminPage):
    header_icon = "pick"
    parent_url_name = "contests:list"
    parent_label = _("Contests")


class ContestListView(ContestsPage):
    template_name = "contests/admin/list.html"
    page_title = _("Contests")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        contests = contests_visible_to(self.request.user)
        return super().get_context_data(contests=contests, **kwargs)


class ContestFormView(ContestsPage):
    """Create a contest (no ``pk``) or change one."""

    template_name = "contests/admin/form.html"

    def get_page_title(self) -> str:
        return str(self.contest or _("New contest"))

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        pk = kwargs.get("pk")
        self.contest = contest_for_user(request.user, pk) if pk else None

    def _form(self) -> ContestForm:
        return ContestForm(
            self.request.POST or None,
            instance=self.contest,
            organisers=_organisers(self.request.user),
        )

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        if self.contest and not can(request.user, "can_edit_data", self.contest.organiser):
            raise PermissionDenied
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        form = self._form()
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                contest = contest_save(contest=self.contest, actor=actor_of(request.user), **data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The contest is saved."))
                return redirect("contests:detail", pk=contest.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ContestDetailView(ContestsPage):
    """A contest: its rules, rounds, question bank and the reports of faulty questions."""

    template_name = "contests/admin/detail.html"

    def get_page_title(self) -> str:
        return self.contest.title

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.contest = contest_for_user(request.user, pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        contest = self.contest
        questions = contest.questions.prefetch_related("options", "rounds").select_related(
            "source_document"
        )
        reports = QuestionReport.objects.filter(
            question__contest=contest, resolved_at__isnull=True
        ).select_related("question")
        return super().get_context_data(
            contest=contest,
            rounds=contest.rounds.all(),
            questions=questions,
            reports=reports,
            can_edit=can(self.request.user, "can_edit_data", contest.organiser),
            import_form=ImportForm(),
            **kwargs,
        )


class QuestionImportView(ContestsPage):
    """Upload a sheet of questions, see every row as entrants would (or every problem), then
    confirm: all or nothing."""

    template_name = "contests/admin/import.html"
    page_title = _("Import questions")

    def _contest(self, request: HttpRequest, pk: int) -> Contest:
        contest = contest_for_user(request.user, pk)
        if not can(request.user, "can_edit_data", contest.organiser):
            raise PermissionDenied
        return contest

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.contest = self._contest(request, pk)
        PendingUpload(request, f"contest_import_{pk}").discard()
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.contest = contest = self._contest(request, pk)
        pending = PendingUpload(request, f"contest_import_{pk}")
        form = ImportForm(request.POST, request.FILES)
        upload = request.FILES.get("file")
        if upload:
            pending.keep(upload.name or "", upload.read())
        kept = pending.read()
        if not form.is_valid() or kept is None:
            messages.error(request, _("Choose an .xlsx file of questions."))
            return self.render_to_response(self.get_context_data(form=ImportForm()))
        try:
            rows = parse_questions(contest, kept[1])
        except ValidationError as error:
            pending.discard()
            return self.render_to_response(
                self.get_context_data(form=ImportForm(), errors=error.messages)
            )
        if "confirm" in request.POST and not upload:
            count = questions_import(contest=contest, rows=rows, actor=actor_of(request.user))
            pending.discard()
            messages.success(request, _("%(count)s questions imported.") % {"count": count})
            return redirect("contests:detail", pk=contest.pk)
        return self.render_to_response(
            self.get_context_data(form=ImportForm(), rows=rows, file_name=kept[0])
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(contest=self.contest, letters="ABCDEF", **kwargs)


class RoundFormView(ContestsPage):
    """Add a round to a contest (``pk``) or change one (``round_pk``)."""

    template_name = "contests/admin/form.html"

    def get_page_title(self) -> str:
        return str(self.round or _("New round"))

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        if "round_pk" in kwargs:
            self.round: Round | None = round_for_user(request.user, kwargs["round_pk"])
            self.contest = self.round.contest
        else:
            self.round = None
            self.contest = contest_for_user(request.user, kwargs["pk"])

    def _form(self) -> RoundForm:
        return RoundForm(self.request.POST or None, instance=self.round, contest=self.contest)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if not can(request.user, "can_edit_data", self.contest.organiser):
            raise PermissionDenied
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        form = self._form()
        if form.is_valid():
            data = form.cleaned_data
            try:
                round_save(
                    contest=self.contest,
                    round_=self.round,
                    actor=actor_of(request.user),
                    number=data["number"],
                    title=data["title"],
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    questions=list(data["questions"]),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The round is saved."))
                return redirect("contests:detail", pk=self.contest.pk)
        return self.render_to_response(self.get_context_data(form=form))


class RoundMonitorView(ContestsPage):
    """Live figures of a round; ``?format=json`` for the page's own refresh."""

    template_name = "contests/admin/monitor.html"

    def get_page_title(self) -> str:
        return f"{_('Live monitor')}: {self.round.contest.title} — {self.round}"

    def get(self, request: HttpRequest, round_pk: int) -> HttpResponse:
        self.round = round_for_user(request.user, round_pk)
        figures = round_monitor(self.round)
        if request.GET.get("format") == "json":
            return JsonResponse(figures.__dict__)
        return self.render_to_response(
            self.get_context_data(
                round=self.round, figures=figures, peak=max(figures.per_minute) or 1
            )
        )


class RoundResultsView(ContestsPage):
    """The round's standings and prizes, and its figures by unit. POST computes them."""

    template_name = "contests/admin/results.html"

    def get_page_title(self) -> str:
        return f"{_('Results')}: {self.round.contest.title} — {self.round}"

    def get(self, request: HttpRequest, round_pk: int) -> HttpResponse:
        self.round = round_ = round_for_user(request.user, round_pk)
        rows = list(standings(round_, RESULTS_SHOWN))
        names = unit_names([s.entrant.unit_id for s in rows], timezone.localdate())
        return self.render_to_response(
            self.get_context_data(
                round=round_,
                rows=[(s, names.get(s.entrant.unit_id, "")) for s in rows],
                figures=unit_statistics(round_.contest, round_),
                can_edit=can(request.user, "can_edit_data", round_.contest.organiser),
                show_names=can_see_entrants(request.user, round_.contest),
                closed=round_.closes_at <= timezone.now(),
            )
        )

    def post(self, request: HttpRequest, round_pk: int) -> HttpResponse:
        round_ = round_for_user(request.user, round_pk)
        try:
            ranked = round_compute_results(round_=round_, actor=actor_of(request.user))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Results computed: %(count)s entrants ranked.") % {"count": ranked}
            )
        return redirect("contests:results", round_pk=round_.pk)


class RoundExportView(View):
    """The round's results as an .xlsx workbook: with who the entrants are for the
    organisers, without for anyone else who may see the round."""

    def get(self, request: HttpRequest, round_pk: int) -> HttpResponse:
        round_: Round = round_for_user(request.user, round_pk)
        rows = list(standings(round_))
        figures = unit_statistics(round_.contest, round_)
        names = unit_names([s.entrant.unit_id for s in rows], timezone.localdate())
        personal = can_see_entrants(request.user, round_.contest)
        content = results_to_xlsx(round_, rows, figures, names, personal=personal)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="ket-qua-tuan-{round_.number}.xlsx"'
        )
        return response


class ReportResolveView(View):
    """Mark an entrant's report of a faulty question as dealt with (POST)."""

    def post(self, request: HttpRequest, report_pk: int) -> HttpResponse:
        report = report_for_user(request.user, report_pk)
        question_report_resolve(report=report, actor=actor_of(request.user))
        return redirect("contests:detail", pk=report.question.contest_id)
