"""Staff screens of the document registry, under /admin/documents-registry/."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from tuyengiao.core.actors import actor_of
from tuyengiao.core.admin_views import AdminPage
from tuyengiao.core.files import serve_file
from tuyengiao.core.pending import PendingUpload
from tuyengiao.documents.files import document_file_attach, prefill_from_file
from tuyengiao.documents.forms import DocumentForm, FileForm, RegisterForm, RelationForm, SearchForm
from tuyengiao.documents.models import DocumentRelation
from tuyengiao.documents.numbering import loose_symbol_query
from tuyengiao.documents.search import (
    DocumentFilters,
    document_search,
    issuer_choices,
    type_choices,
)
from tuyengiao.documents.selectors import (
    document_file_for_user,
    document_for_user,
    documents_visible_to,
    implementation_chain,
)
from tuyengiao.documents.services import (
    DuplicateDocument,
    document_register,
    document_update,
    relation_add,
    relation_decide,
)
from tuyengiao.orgs.access import can

PAGE_SIZE = 50


class RegistryPage(AdminPage):
    header_icon = "doc-full"
    parent_url_name = "documents:list"
    parent_label = _("Document registry")


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class DocumentListView(RegistryPage):
    """Search and filter the documents the user may see."""

    template_name = "documents/list.html"
    page_title = _("Document registry")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        form = SearchForm(self.request.GET or None)
        form.fields["type_code"].choices = [("", "—"), *type_choices(user)]
        form.fields["issuer_code"].choices = [("", "—"), *issuer_choices(user)]
        data = form.cleaned_data if form.is_valid() else {}
        filters = DocumentFilters(
            type_code=data.get("type_code") or None,
            issuer_code=data.get("issuer_code") or None,
            year=data.get("year"),
            status=data.get("status") or None,
        )
        results = document_search(user, data.get("q", ""), filters)
        page = Paginator(results, PAGE_SIZE).get_page(self.request.GET.get("p"))
        return super().get_context_data(form=form, page=page, query=data.get("q", ""), **kwargs)


class DocumentDetailView(RegistryPage):
    """One document: its parts, files, relations and the implementation chain."""

    template_name = "documents/detail.html"

    def get_page_title(self) -> str:
        return self.document.symbol

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.document = document_for_user(request.user, pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        document, user = self.document, self.request.user
        up, down = implementation_chain(user, document)
        visible = documents_visible_to(user)
        relations = document.relations_out.filter(target__in=visible).select_related("target")
        return super().get_context_data(
            document=document,
            up=up,
            down=down,
            relations=relations.exclude(state=DocumentRelation.State.REJECTED),
            cited_by=document.relations_in.filter(
                source__in=visible, state=DocumentRelation.State.CONFIRMED
            ).select_related("source"),
            files=document.files.all(),
            can_edit=can(user, "can_edit_data", document.owner),
            file_form=FileForm(),
            relation_form=RelationForm(),
            **kwargs,
        )


class DocumentRegisterView(RegistryPage):
    """Enter a document; an attached file can fill in the form from its header first."""

    template_name = "documents/form.html"
    page_title = _("Register a document")

    def get(self, request: HttpRequest) -> HttpResponse:
        PendingUpload(request, "document_register").discard()
        form = RegisterForm(user=request.user)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request: HttpRequest) -> HttpResponse:
        pending = PendingUpload(request, "document_register")
        form = RegisterForm(request.POST, request.FILES, user=request.user)
        upload = request.FILES.get("file")
        if "prefill" in request.POST and upload:
            return self._prefill(form, pending, upload)
        if not form.is_valid():
            return self.render(form, pending)
        data = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        actor = actor_of(request.user)
        try:
            with transaction.atomic():
                document = document_register(actor=actor, **data)
                kept = upload or _from_pending(pending)
                if kept:
                    document_file_attach(document=document, uploaded=kept, actor=actor)
        except DuplicateDocument as duplicate:
            form.add_error("symbol", duplicate.messages)
            return self.render(form, pending, existing=duplicate.existing)
        except ValidationError as error:
            _add_errors(form, error)
            return self.render(form, pending)
        pending.discard()
        messages.success(request, _("The document is registered."))
        return redirect("documents:detail", pk=document.pk)

    def _prefill(self, form: RegisterForm, pending: PendingUpload, upload: Any) -> HttpResponse:
        content = upload.read()
        upload.seek(0)
        try:
            guess = prefill_from_file(upload)
        except ValidationError as error:
            _add_errors(form, error)
            return self.render(form, pending)
        pending.keep(upload.name, content)
        initial = {**self.request.POST.dict()}
        if guess.symbol:
            initial["symbol"] = guess.symbol
        if guess.issue_date:
            initial["issue_date"] = guess.issue_date.isoformat()
        if guess.summary:
            initial["summary"] = guess.summary
        filled = RegisterForm(initial=initial, user=self.request.user)
        return self.render(filled, pending, guess=guess)

    def render(self, form: Any, pending: PendingUpload, **extra: Any) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(form=form, pending_name=pending.name, **extra)
        )


def _from_pending(pending: PendingUpload) -> SimpleUploadedFile | None:
    kept = pending.read()
    return SimpleUploadedFile(kept[0], kept[1]) if kept else None


class DocumentEditView(RegistryPage):
    template_name = "documents/form.html"

    def get_page_title(self) -> str:
        return f"{_('Edit')}: {self.document.symbol}"

    def _form(self, data: Any = None) -> DocumentForm:
        d = self.document
        initial = {
            "symbol": d.symbol,
            "issue_date": d.issue_date,
            "summary": d.summary,
            "owner": d.owner,
            "issuer": d.issuer,
            "term": d.term,
            "signer": d.signer,
            "topics": list(d.topics.all()),
            "status": d.status,
            "visibility": d.visibility,
        }
        return DocumentForm(data, initial=initial, user=self.request.user)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.document = document_for_user(request.user, pk)
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.document = document_for_user(request.user, pk)
        form = self._form(request.POST)
        if form.is_valid():
            changes = {k: v for k, v in form.cleaned_data.items() if k != "owner"}
            try:
                document_update(document=self.document, actor=actor_of(request.user), **changes)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The document is saved."))
                return redirect("documents:detail", pk=pk)
        return self.render_to_response(self.get_context_data(form=form))


PDF = "application/pdf"


class FileDownloadView(View):
    """A document's file for whoever may see the document: anyone, for a public document
    (the portal links these), the reach of the registering unit otherwise. Photos and PDFs open
    in the browser; other files are saved."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        record = document_file_for_user(request.user, pk)
        inline = record.content_type.startswith("image/") or record.content_type == PDF
        return serve_file(
            request,
            record.file,
            filename=record.original_name,
            as_attachment=not inline,
            content_type=record.content_type,
        )


class FileAttachView(View):
    """Attach a file to a document (POST); its text is read in the background."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = document_for_user(request.user, pk)
        form = FileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document_file_attach(
                    document=document,
                    uploaded=form.cleaned_data["file"],
                    actor=actor_of(request.user),
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The file is attached; its text is being read."))
        else:
            messages.error(request, _("Choose a file to attach."))
        return redirect("documents:detail", pk=pk)


class RelationDecideView(View):
    """Confirm or reject a suggested relation (POST)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        visible = documents_visible_to(request.user)
        relation = get_object_or_404(
            DocumentRelation.objects.filter(source__in=visible, target__in=visible), pk=pk
        )
        kind = request.POST.get("kind")
        relation_decide(
            relation=relation,
            confirm=request.POST.get("decision") == "confirm",
            kind=kind if kind in DocumentRelation.Kind.values else None,
            actor=actor_of(request.user),
        )
        return redirect("documents:detail", pk=relation.source_id)


class RelationAddView(View):
    """Relate a document to another one named by its number and symbol (POST)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = document_for_user(request.user, pk)
        form = RelationForm(request.POST)
        loose = loose_symbol_query(request.POST.get("target", ""))
        target = (
            documents_visible_to(request.user).filter(symbol_loose=loose).exclude(pk=pk).first()
            if form.is_valid() and loose
            else None
        )
        if target is None:
            messages.error(request, _("No document with that number and symbol."))
        else:
            try:
                relation_add(
                    source=document,
                    target=target,
                    kind=form.cleaned_data["kind"],
                    actor=actor_of(request.user),
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
        return redirect(reverse("documents:detail", args=[pk]))
