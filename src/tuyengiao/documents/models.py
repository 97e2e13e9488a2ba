"""The document registry: documents with their number and symbol, files and relations.

The number and symbol is kept verbatim (``symbol``) and as parsed parts; the issuer is a unit
when known, and its name is kept as it was on the issue date. Party numbers restart every
term of the committee, State numbers every 1 January (DOMAIN.md §2), so a document is unique
by (issuer, type, number, term) or (issuer, number, year): ``numbering_period`` holds the
term, or the issue year where the rule is by year.

"Issuer" is the issuing unit where the issuer is a unit of the system, and the issuer code
only where it is not: every district committee signs ``QU`` and every people's committee
``UBND``, so the code alone would make Quận ủy Ba Đình's 12-KH/QU and Quận ủy Hoàn Kiếm's
12-KH/QU one document. The unit is the one that issued the document, as it was on the issue
date: a unit keeps its identity through renames, and a unit merged away later still keys the
documents it issued. The code stays in the key beside the unit: two symbols that differ are
two documents, even of one unit (a body renamed within a term, BTGTU → BTGDVTU, signs anew).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from tuyengiao.core.files import private_storage, unguessable_path
from tuyengiao.core.models import TimeStampedModel
from tuyengiao.orgs.models import Unit


class Topic(models.Model):
    """A field or topic documents are filed under (lĩnh vực): data."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    sort_key = models.CharField(max_length=1024, editable=False)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return self.name


class Document(index.Indexed, TimeStampedModel):
    """A registered document (văn bản).

    The full-text index holds only ``search_text``, which is already folded (no case, no
    diacritics, đ → d), so every backend matches accent-free words the same way; queries go
    through ``tuyengiao.documents.search``, which folds them too.
    """

    class Family(models.TextChoices):
        PARTY = "party", _("Party")
        STATE = "state", _("State")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("in force")
        EXPIRED = "expired", _("expired")
        REPLACED = "replaced", _("replaced")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        INTERNAL = "internal", _("internal")

    family = models.CharField(_("family"), max_length=5, choices=Family.choices)
    symbol = models.CharField(
        _("number and symbol"), max_length=100, help_text=_("As written, e.g. 229-KH/QU.")
    )
    number = models.CharField(_("number"), max_length=16, blank=True)
    number_value = models.PositiveIntegerField(null=True, blank=True, editable=False)
    type_code = models.CharField(_("type code"), max_length=16, blank=True)
    issuer_code = models.CharField(_("issuer code"), max_length=64)
    unit_code = models.CharField(_("drafting unit code"), max_length=32, blank=True)
    symbol_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    issuer = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
        verbose_name=_("issuing unit"),
    )
    issuer_name = models.CharField(_("issuer name on the issue date"), max_length=255, blank=True)
    issue_date = models.DateField(_("issue date"))
    term = models.CharField(
        _("term"), max_length=16, blank=True, help_text=_("Party committee term, e.g. XIII.")
    )
    numbering_period = models.CharField(max_length=20, editable=False)
    summary = models.TextField(pgettext_lazy("document", "summary"))
    signer = models.CharField(_("signer"), max_length=255, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, verbose_name=_("topics"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.IN_FORCE
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    owner = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="registered_documents",
        verbose_name=_("registered by unit"),
        help_text=_("Internal documents are seen within this unit's reach."),
    )
    body = models.TextField(_("full text"), blank=True)
    # Derived by the services: accent-free text to search, and the loose symbol form.
    search_text = models.TextField(editable=False, default="")
    symbol_loose = models.CharField(max_length=100, editable=False, db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    search_fields = [
        index.SearchField("search_text"),
        index.FilterField("type_code"),
        index.FilterField("issuer_code"),
        index.FilterField("issue_date"),
        index.FilterField("status"),
        index.FilterField("visibility"),
        index.FilterField("owner"),
    ]

    class Meta:
        verbose_name = pgettext_lazy("registry", "document")
        verbose_name_plural = pgettext_lazy("registry", "documents")
        ordering = ["-issue_date", "-pk"]
        # The registry's uniqueness key (module docstring); ``services._existing`` asks the
        # same question first, to name the document already there.
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "issuer_code", "type_code", "number_value", "numbering_period"],
                condition=Q(number_value__isnull=False, family="party", issuer__isnull=False),
                name="documents_unique_party_number_by_unit",
            ),
            models.UniqueConstraint(
                fields=["issuer_code", "type_code", "number_value", "numbering_period"],
                condition=Q(number_value__isnull=False, family="party", issuer__isnull=True),
                name="documents_unique_party_number_by_code",
            ),
            models.UniqueConstraint(
                fields=["issuer", "issuer_code", "number_value", "numbering_period"],
                condition=Q(number_value__isnull=False, family="state", issuer__isnull=False),
                name="documents_unique_state_number_by_unit",
            ),
            models.UniqueConstraint(
                fields=["issuer_code", "number_value", "numbering_period"],
                condition=Q(number_value__isnull=False, family="state", issuer__isnull=True),
                name="documents_unique_state_number_by_code",
            ),
        ]
        indexes = [
            models.Index(fields=["issue_date"], name="documents_issue_date"),
            models.Index(fields=["type_code", "issuer_code"], name="documents_type_issuer"),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} — {self.summary[:80]}"


def document_file_path(instance: DocumentFile, filename: str) -> str:
    """Under the document's folder, in a random one nobody can guess (core/files.py)."""
    return unguessable_path(f"documents/{instance.document_id}", filename)


class DocumentFile(TimeStampedModel):
    """A file attached to a document, with the text read from it."""

    class TextStatus(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("reading")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=pgettext_lazy("registry", "document"),
    )
    file = models.FileField(
        _("file"), upload_to=document_file_path, storage=private_storage, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("text"), blank=True)
    text_status = models.CharField(
        _("text status"), max_length=10, choices=TextStatus.choices, default=TextStatus.PENDING
    )
    text_progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    used_ocr = models.BooleanField(_("read by OCR"), default=False)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["document_id", "pk"]

    def __str__(self) -> str:
        return self.original_name


class DocumentRelation(TimeStampedModel):
    """``source`` implements / guides / amends / replaces / cites ``target``.

    Relations found in a document's text are suggested; a person confirms or rejects them.
    """

    class Kind(models.TextChoices):
        IMPLEMENTS = "implements", _("implements")
        GUIDES = "guides", _("guides")
        AMENDS = "amends", _("amends")
        REPLACES = "replaces", _("replaces")
        CITES = "cites", _("cites")

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("suggested")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    source = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("from")
    )
    target = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("to")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUGGESTED
    )
    evidence = models.CharField(_("found in the text"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("relation between documents")
        verbose_name_plural = _("relations between documents")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="documents_relation_unique"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="documents_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.symbol} {self.get_kind_display()} {self.target.symbol}"
