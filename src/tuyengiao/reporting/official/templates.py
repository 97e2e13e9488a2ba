"""Word templates a unit uploads for its reports (docxtpl: Jinja2 placeholders in a .docx).

A template is checked when uploaded, so that a mistake shows at once with the placeholder
at fault rather than when the report is due: the file must be a Word document, its
placeholders must parse, and every name they use must be one the report context provides
(``context.FUNCTION_NAMES``, ``FIGURE_NAMES``, ``REPORT_NAMES``). Templates render in the
same sandbox as section texts, with XML escaping on. :func:`starter_template` gives a
template in the official layout to download and adapt.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.oxml import parse_xml
from docxtpl import DocxTemplate, Listing
from jinja2 import TemplateSyntaxError, UndefinedError, meta
from jinja2.exceptions import SecurityError

from tuyengiao.core.actors import Actor, person_of
from tuyengiao.core.audit import audit
from tuyengiao.orgs.access import AnyUser, can
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.models import ReportForm, ReportTemplate
from tuyengiao.reporting.official.builder import (
    Writer,
    _page_number_header,
    _page_setup,
    set_properties,
    write_figures_appendix,
    write_header,
    write_signature,
    write_sources_appendix,
    write_title,
)
from tuyengiao.reporting.official.context import (
    FIGURE_NAMES,
    FUNCTION_NAMES,
    REPORT_NAMES,
    ReportTextError,
    environment,
    syntax_message,
)
from tuyengiao.reporting.official.layout import ruleset_for
from tuyengiao.reporting.official.report import FigureRow, ResolvedReport, SourceRow
from tuyengiao.reporting.selectors import form_indicators
from tuyengiao.reporting.services import may_set_up

PLATFORM = "Tuyên giáo số"  # the author of what the platform itself writes
KNOWN_NAMES = frozenset(FUNCTION_NAMES + FIGURE_NAMES + REPORT_NAMES)
MAX_BYTES = 10 * 1024 * 1024
TAG = re.compile(r"<[^>]+>")


def _not_docx() -> str:
    return _("The template must be a Word file (.docx); the chosen file is not one.")


def _no_upload() -> str:
    return _("You may not manage the report templates of this unit.")


def _template_problem(problem: str) -> str:
    """``Mẫu báo cáo: <problem>.``"""
    return _("Report template: %(problem)s.") % {"problem": problem}


def _is_docx(content: bytes) -> bool:
    if not zipfile.is_zipfile(io.BytesIO(content)):
        return False
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "word/document.xml" in archive.namelist()


def _template_source(template: DocxTemplate) -> str:
    """The Jinja source docxtpl renders: the body, headers and footers, placeholders joined
    across the runs Word split them into."""
    document = template.docx
    xml = template.patch_xml(template.xml_to_string(document._element.body))
    for relation in document.part.rels.values():
        if relation.reltype in (template.HEADER_URI, template.FOOTER_URI):
            blob = relation.target_part.blob
            if blob:
                xml += template.patch_xml(template.xml_to_string(parse_xml(blob)))
    return xml


def _text(xml: str) -> str:
    return html.unescape(TAG.sub("", xml))


def validate_template(content: bytes) -> None:
    """Raise ValidationError (in Vietnamese, quoting the placeholder) unless ``content`` is a
    Word template whose placeholders parse and use only names of the report context."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The template file is larger than 10 MB."))
    if not _is_docx(content):
        raise ValidationError(_not_docx())
    try:
        template = DocxTemplate(io.BytesIO(content))
        template.init_docx()
        source = _template_source(template)
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise ValidationError(_not_docx()) from error
    env = environment(autoescape=True)
    try:
        parsed = env.parse(source)
    except TemplateSyntaxError as error:
        raise ValidationError(_template_problem(syntax_message(error, _text(source)))) from error
    unknown = sorted(meta.find_undeclared_variables(parsed) - KNOWN_NAMES)
    if unknown:
        names = ", ".join(f"“{name}”" for name in unknown)
        raise ValidationError(
            _(
                "The report template uses names the report's figures do not have: %(names)s. "
                "Names that can be used: %(known)s."
            )
            % {"names": names, "known": ", ".join(sorted(KNOWN_NAMES))}
        )


def _docx_context(context: dict[str, Any]) -> dict[str, Any]:
    """Texts with several paragraphs become docxtpl listings (``\\a``: a new paragraph in
    the template's style)."""
    prepared = dict(context)
    prepared["intro"] = Listing(context.get("intro", "").replace("\n", "\a"))
    prepared["sections"] = [
        {**section, "text": Listing(section["text"].replace("\n", "\a"))}
        for section in context.get("sections", [])
    ]
    return prepared


def fill_template(content: bytes, context: dict[str, Any]) -> bytes:
    """The template ``content`` with its placeholders filled from ``context``."""
    template = DocxTemplate(io.BytesIO(content))
    try:
        template.render(_docx_context(context), jinja_env=environment(autoescape=True))
    except TemplateSyntaxError as error:
        raise ReportTextError(_template_problem(syntax_message(error, ""))) from error
    except UndefinedError as error:
        raise ReportTextError(_template_problem(str(error.message))) from error
    except SecurityError as error:
        raise ReportTextError(
            _("The report template has a statement that is not allowed.")
        ) from error
    except ReportTextError as error:
        raise ReportTextError(_template_problem(str(error.message))) from error
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


# --- Uploads ---------------------------------------------------------------------------------


def may_manage_templates(actor: AnyUser, unit: Unit | None) -> bool:
    """A unit's own template: those who edit its reports; a form's default: those who set
    up reporting."""
    if unit is None:
        return may_set_up(actor)
    return can(actor, "can_edit_data", unit)


@transaction.atomic
def template_upload(
    *, form: ReportForm, unit: Unit | None, name: str, upload: File | bytes, actor: Actor
) -> ReportTemplate:
    """Save ``upload`` as the unit's template for ``form`` (None: the form's default),
    replacing the one there was, after checking it (ValidationError otherwise)."""
    if not may_manage_templates(actor, unit):
        raise PermissionDenied(_no_upload())
    content = upload if isinstance(upload, bytes) else upload.read()
    validate_template(content)
    name = name.strip() or form.name
    template = ReportTemplate.objects.filter(form=form, unit=unit).first()
    creating = template is None
    if template is None:
        template = ReportTemplate(form=form, unit=unit)
    elif template.file:
        template.file.delete(save=False)
    template.name = name
    template.uploaded_by = person_of(actor)
    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
    filename = f"{form.code}-{unit.code if unit else 'mac-dinh'}-{stamp}.docx"
    template.file.save(filename, ContentFile(content), save=False)
    template.save()
    audit(
        instance=template,
        action="wagtail.create" if creating else "wagtail.edit",
        actor=actor,
        data={"form": form.code, "unit": unit.code if unit else None},
    )
    return template


@transaction.atomic
def template_delete(template: ReportTemplate, *, actor: Actor) -> None:
    """Remove a template: the unit's reports go back to the form's default or the
    built-in layout."""
    if not may_manage_templates(actor, template.unit):
        raise PermissionDenied(_no_upload())
    audit(instance=template, action="wagtail.delete", actor=actor)
    if template.file:
        template.file.delete(save=False)
    template.delete()


def templates_for(*, form: ReportForm, unit: Unit) -> QuerySet[ReportTemplate]:
    """The templates that may serve ``unit``'s reports on ``form``: its own and the form's
    default (the caller has checked the person sees the unit)."""
    return (
        ReportTemplate.objects.filter(form=form)
        .filter(Q(unit=unit) | Q(unit__isnull=True))
        .select_related("unit", "uploaded_by")
    )


def template_for(form: ReportForm, unit: Unit) -> ReportTemplate | None:
    """The template a unit's report is written into: its own, else the form's default."""
    templates = {t.unit_id: t for t in ReportTemplate.objects.filter(form=form)}
    return templates.get(unit.pk) or templates.get(None)


# --- Starter template ------------------------------------------------------------------------


def starter_template(form: ReportForm, *, family: str = "party") -> bytes:
    """A template in the official layout with the report's placeholders, for a unit to
    download, adapt and upload. A comment on the title lists the form's indicator codes."""
    ruleset = ruleset_for(family, timezone.localdate())
    report = ResolvedReport(
        ruleset=ruleset,
        superior_body="{{ superior_body }}",
        issuing_body="{{ issuing_body }}",
        number_line=f"{ruleset.header.number_prefix}{{{{ number }}}}",
        place_date="{{ place_date }}",
        summary="{{ title }}",
        sections=[],
        signing_authority="{{ signing_authority }}",
        signer_title="{{ signer_title }}",
        signer_name="{{ signer_name }}",
        recipients=["{%p for line in recipients %}", "{{ line }}", "{%p endfor %}"],
        figure_rows=[
            FigureRow("{%tr for row in figure_rows %}", "", "", ""),
            FigureRow("{{ row.number }}", "{{ row.name }}", "{{ row.unit }}", "{{ row.value }}"),
            FigureRow("{%tr endfor %}", "", "", ""),
        ],
        unit_columns=[],
        unit_rows=[],
        source_rows=[
            SourceRow("{%tr for row in sources %}", "", ""),
            SourceRow("{{ row.number }}", "{{ row.name }}", "{{ row.text }}"),
            SourceRow("{%tr endfor %}", "", ""),
        ],
        notes=[],
        appendix_title="SỐ LIỆU KẾT QUẢ CÔNG TÁC {{ period_label|upper }}",
    )
    writer = Writer(ruleset)
    section = writer.document.sections[0]
    _page_setup(section, ruleset)
    _page_number_header(writer, section)
    write_header(writer, report)
    write_title(writer, report)
    writer.body("{%p for section in sections %}", indent=False)
    writer.body("{%p if section.heading %}", indent=False)
    writer.body("{{ section.heading }}", bold=True)
    writer.body("{%p endif %}", indent=False)
    writer.body("{{ section.text }}")
    writer.body("{%p endfor %}", indent=False)
    write_signature(writer, report)
    writer.body("")
    write_figures_appendix(writer, report, comments=False)
    write_sources_appendix(writer, report)
    codes = ", ".join(row.indicator.code for row in form_indicators(form))
    title = next(p for p in writer.document.paragraphs if p.text == report.doc_type)
    writer.document.add_comment(
        title.runs[0],
        text=(
            "Chỗ giữ số liệu dùng được trong mẫu: "
            "figure('mã'), count('mã'), ratio('mã 1', 'mã 2'), share('mã 1', 'mã 2'), "
            "percent('mã 1', 'mã 2'), pair('mã 1', 'mã 2'), breakdown('mã'); "
            f"mã chỉ tiêu của biểu mẫu: {codes}."
        ),
        author=PLATFORM,
        initials="TG",
    )
    set_properties(
        writer.document,
        title=f"Mẫu báo cáo: {form.name}",
        author=PLATFORM,
        now=timezone.now(),
    )
    return writer.bytes()
