"""The draft of a unit's official report: read, prefill, edit.

A draft holds what a person writes around the figures: the header (superior and issuing
body, number, place and date), the summary, the text of each section, the signature and the
recipients. It is prefilled from the unit tree (a city committee's report on propaganda work
is issued by its Ban Tuyên giáo, under the committee's name), from each figures section's
prose, from the narratives the units below submitted and from the activities they marked as
highlights of the period; then edited before export. Section texts stay templates: their
placeholders are filled from the data each time the report is written.

Who may do what: anyone who sees the unit's figures reads its draft (an unsaved default one
when none was started); those who enter the unit's data (its specialists and leaders) edit
it. Every change leaves an audit entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuyengiao.activities.models import Activity
from tuyengiao.activities.selectors import subtree_in_period
from tuyengiao.core.actors import SYSTEM, Actor, person_of
from tuyengiao.core.audit import audit
from tuyengiao.core.formatting import format_date
from tuyengiao.orgs.access import AnyUser, can, version_in_force
from tuyengiao.orgs.models import Placement, Unit, UnitProfile
from tuyengiao.reporting.completeness import form_periods
from tuyengiao.reporting.models import ReportDraft, ReportForm, Submission
from tuyengiao.reporting.official.context import figure_context, literal, render_text
from tuyengiao.reporting.official.layout import ruleset_for
from tuyengiao.reporting.periods import Period, PeriodType, parse_period
from tuyengiao.reporting.selectors import report_figures, require_view

# Keys of ``ReportDraft.texts`` besides the form's section ids.
INTRO, HIGHLIGHTS, PROPOSALS = "intro", "highlights", "proposals"
SPECIAL_TEXTS = {
    INTRO: "Mở đầu",
    HIGHLIGHTS: "Hoạt động nổi bật",
    PROPOSALS: "Đề xuất, kiến nghị",
}
EDITABLE_FIELDS = (
    "family",
    "superior_body",
    "issuing_body",
    "number",
    "place",
    "issued_on",
    "title",
    "texts",
    "signing_authority",
    "signer_title",
    "signer_name",
    "recipients",
)
PARTY_KINDS = {
    "central_committee",
    "city_committee",
    "district_committee",
    "commune_committee",
    "grassroots_committee",
    "party_cell",
    "propaganda_board",
    "mass_mobilisation_board",
}
COMMITTEE_KINDS = {
    "central_committee",
    "city_committee",
    "district_committee",
    "commune_committee",
    "grassroots_committee",
    "party_cell",
    "peoples_committee",
}
BOARD_KINDS = {"propaganda_board"}
# "Thành ủy Hà Nội" → "Hà Nội", "Đảng ủy phường Phúc Xá" → "Phúc Xá": the place line.
PLACE_PREFIX = re.compile(
    r"^(?:Thành ủy|Tỉnh ủy|Quận ủy|Huyện ủy|Thị ủy|Đảng ủy|Ủy ban nhân dân|UBND)\s+"
    r"(?:(?:thành phố|tỉnh|quận|huyện|thị xã|phường|xã|thị trấn)\s+)?",
    re.IGNORECASE,
)
# What the report announces for the rest of the year, by period type.
OUTLOOK = {
    PeriodType.SIX_MONTHS: "phương hướng, nhiệm vụ 6 tháng cuối năm",
    PeriodType.NINE_MONTHS: "phương hướng, nhiệm vụ 3 tháng cuối năm",
}
PERIOD_WORDS = re.compile(r"(?:^|\s+)(?:\d+\s+tháng|tháng|quý|năm)\s*$", re.IGNORECASE)
DEFAULT_SUBJECT = "kết quả công tác"


@dataclass(frozen=True)
class Issuer:
    """Who issues a unit's report, read from the tree in force at the period's end."""

    family: str
    superior_name: str
    issuing_name: str
    abbreviation: str
    is_committee: bool
    place: str


def _profile(unit: Unit, on: date) -> UnitProfile | None:
    profiles = UnitProfile.objects.filter(unit=unit).select_related("kind").order_by("valid_from")
    found = [p for p in profiles if p.valid_from <= on and (p.valid_to is None or on <= p.valid_to)]
    return found[-1] if found else profiles.last()


def _strip_suffix(name: str, parent: str) -> str:
    """``Ban Tuyên giáo Thành ủy`` under ``Thành ủy Hà Nội`` → ``Ban Tuyên giáo``: the header
    names the committee on the line above."""
    words, parent_words = name.split(), parent.split()
    for size in range(len(parent_words), 0, -1):
        if len(words) > size and words[-size:] == parent_words[:size]:
            return " ".join(words[:-size])
    return name


def _place(names: list[str]) -> str:
    """The place of the place-and-date line: the nearest committee's locality."""
    for name in names:
        stripped = PLACE_PREFIX.sub("", name)
        if stripped != name:
            return stripped
    return names[-1] if names else ""


def issuer_of(unit: Unit, period: Period) -> Issuer:
    """The issuing body of ``unit``'s report: the unit's Ban Tuyên giáo where it is a
    committee with one, else the unit itself; the superior body is the body above."""
    on = period.end
    version = version_in_force(on)
    placement = (
        Placement.objects.filter(version=version, unit=unit).select_related("parent").first()
        if version
        else None
    )
    profile = _profile(unit, on)
    name = profile.name if profile else unit.code
    kind = profile.kind.code if profile else ""
    chain = []  # names from the unit up to the top
    cursor = placement
    while cursor is not None:
        cursor_profile = _profile(cursor.unit, on)
        chain.append(cursor_profile.name if cursor_profile else cursor.unit.code)
        cursor = (
            Placement.objects.filter(version=version, unit=cursor.parent).first()
            if cursor.parent_id
            else None
        )
    board = None
    if placement is not None and kind in COMMITTEE_KINDS:
        for child in Placement.objects.filter(version=version, parent=unit).select_related("unit"):
            child_profile = _profile(child.unit, on)
            if child_profile and child_profile.kind.code in BOARD_KINDS:
                board = child_profile
                break
    place = _place(chain) or name
    if board is not None:
        return Issuer(
            "party" if kind in PARTY_KINDS else "state",
            name,
            _strip_suffix(board.name, name),
            board.abbreviation,
            False,
            place,
        )
    superior = chain[1] if len(chain) > 1 else ""
    issuing = _strip_suffix(name, superior) if kind in BOARD_KINDS else name
    return Issuer(
        "party" if kind in PARTY_KINDS else "state",
        superior,
        issuing,
        profile.abbreviation if profile else "",
        kind in COMMITTEE_KINDS,
        place,
    )


def default_title(form: ReportForm, period: Period) -> str:
    """``kết quả công tác tuyên giáo 9 tháng đầu năm 2022; phương hướng, nhiệm vụ 3 tháng
    cuối năm``: the summary under the word BÁO CÁO."""
    name = re.sub(r"^báo cáo\s+", "", form.name.strip(), flags=re.IGNORECASE)
    name = PERIOD_WORDS.sub("", name).strip() or DEFAULT_SUBJECT
    title = f"{name[:1].lower()}{name[1:]} {period.label}"
    outlook = OUTLOOK.get(PeriodType(period.type)) if period.type in OUTLOOK else None
    return f"{title}; {outlook}" if outlook else title


def _subtree_unit_ids(unit: Unit, period: Period) -> list[int]:
    """The units of ``unit``'s subtree in tree order (tree in force at the period's end)."""
    version = version_in_force(period.end)
    top = Placement.objects.filter(version=version, unit=unit).first()
    if top is None:
        return [unit.pk]
    return list(
        Placement.objects.subtree_of(top).order_by("path").values_list("unit_id", flat=True)
    )


def unit_narratives(form: ReportForm, unit: Unit, period: Period) -> dict[str, list[str]]:
    """The narratives the subtree's units submitted, by section id, in tree order; each
    prefixed with its unit's name when several units wrote on the section."""
    order = {unit_id: n for n, unit_id in enumerate(_subtree_unit_ids(unit, period))}
    submissions = Submission.objects.filter(
        form=form,
        period_code__in=[part.code for part in form_periods(form, period)],
        unit_id__in=order,
        status__in=(Submission.Status.SUBMITTED, Submission.Status.APPROVED),
    ).select_related("unit")
    by_section: dict[str, list[tuple[int, Unit, str]]] = {}
    for submission in submissions:
        for key, text in submission.narratives.items():
            if text and text.strip():
                by_section.setdefault(key, []).append(
                    (order[submission.unit_id], submission.unit, text.strip())
                )
    result = {}
    for key, items in by_section.items():
        items.sort(key=lambda item: item[0])
        several = len(items) > 1
        result[key] = [
            f"{_unit_name(item_unit, period.end)}: {text}" if several else text
            for _order, item_unit, text in items
        ]
    return result


def _unit_name(unit: Unit, on: date) -> str:
    profile = _profile(unit, on)
    return profile.name if profile else unit.code


def highlighted_activities(unit: Unit, period: Period) -> list[Activity]:
    """The activities marked as highlights, started in the period in ``unit``'s subtree."""
    return list(
        Activity.objects.filter(
            subtree_in_period(unit, period.start, period.end), is_highlighted=True
        )
        .select_related("unit")
        .order_by("start_date", "pk")
    )


def _highlights_text(unit: Unit, period: Period) -> str:
    activities = highlighted_activities(unit, period)
    if not activities:
        return ""
    lines = ["Một số hoạt động nổi bật trong kỳ:"]
    for activity in activities:
        where = _unit_name(activity.unit, activity.start_date)
        lines.append(f"- {activity.title} ({where}, {format_date(activity.start_date)}).")
    return "\n".join(literal(line) for line in lines)


def default_texts(form: ReportForm, unit: Unit, period: Period, issuer: Issuer) -> dict[str, str]:
    """The prefilled texts: the opening, each section's prose and narratives, highlights."""
    narratives = unit_narratives(form, unit, period)
    texts = {
        INTRO: literal(
            f"Thực hiện chế độ báo cáo định kỳ, {_sentence_name(issuer)} báo cáo "
            f"{default_title(form, period)} như sau:"
        )
    }
    for section in form.sections.all():
        parts = [section.prose.strip()] if section.prose.strip() else []
        parts += [literal(text) for text in narratives.get(str(section.pk), [])]
        texts[str(section.pk)] = "\n".join(parts)
    texts[HIGHLIGHTS] = _highlights_text(unit, period)
    texts[PROPOSALS] = ""
    return texts


def _sentence_name(issuer: Issuer) -> str:
    """``Ban Tuyên giáo Thành ủy Hà Nội``: the issuing body named in running text."""
    if issuer.superior_name and not issuer.is_committee:
        return f"{issuer.issuing_name} {issuer.superior_name}"
    return issuer.issuing_name


def issuing_body_name(draft: ReportDraft, period: Period) -> str:
    """The issuing body named in running text, as a file's author: ``Ban Tuyên giáo Thành
    ủy Hà Nội`` where the draft's header names the body the tree gives (the header prints
    it in capitals, which cannot be turned back into Vietnamese case), else the issuing
    body as the draft writes it."""
    issuer = issuer_of(draft.unit, period)
    header = (draft.superior_body.strip().upper(), draft.issuing_body.strip().upper())
    if header == (issuer.superior_name.upper(), issuer.issuing_name.upper()):
        return _sentence_name(issuer)
    return draft.issuing_body.strip()


def default_signature(issuer: Issuer, family: str, on: date) -> tuple[str, str]:
    signature = ruleset_for(family, on).signature
    if issuer.is_committee:
        return signature.committee_authority, signature.committee_title
    return signature.agency_authority, signature.agency_title


def default_recipients(issuer: Issuer, family: str, on: date) -> str:
    rules = ruleset_for(family, on).recipients
    superior = issuer.superior_name or "Cấp trên"
    lines = [line.format(superior=superior) for line in rules.default]
    return "\n".join([*lines, rules.archive])


def draft_default(*, form: ReportForm, unit: Unit, period: Period) -> ReportDraft:
    """A prefilled draft, not saved."""
    issuer = issuer_of(unit, period)
    number = ""
    if issuer.abbreviation:
        blank = "\u00a0" * 5  # a number is given when the report is signed
        number = (
            f"{blank}-BC/{issuer.abbreviation}"
            if issuer.family == "party"
            else f"{blank}/BC-{issuer.abbreviation}"
        )
    authority, title = default_signature(issuer, issuer.family, period.end)
    return ReportDraft(
        form=form,
        unit=unit,
        period_code=period.code,
        family=issuer.family,
        superior_body=issuer.superior_name.upper(),
        issuing_body=issuer.issuing_name.upper(),
        number=number,
        place=issuer.place,
        issued_on=None,
        title=default_title(form, period),
        texts=default_texts(form, unit, period, issuer),
        signing_authority=authority,
        signer_title=title,
        signer_name="",
        recipients=default_recipients(issuer, issuer.family, period.end),
    )


def may_edit(user: AnyUser, unit: Unit, period: Period) -> bool:
    """Whether ``user`` may edit ``unit``'s report for the period (``SYSTEM``: always)."""
    return can(user, "can_edit_data", unit, version=version_in_force(period.end))


def existing_draft(form: ReportForm, unit: Unit, period: Period) -> ReportDraft | None:
    return ReportDraft.objects.filter(form=form, unit=unit, period_code=period.code).first()


def draft_for(
    user: AnyUser, *, form: ReportForm, unit: Unit, period: Period
) -> tuple[ReportDraft, bool]:
    """The unit's draft for the form and period, and whether ``user`` may edit it: the
    saved draft, else a prefilled one, not saved (the first edit saves it, through
    :func:`draft_update`), so that until someone edits the report its texts follow the
    narratives units submit meanwhile. Http404 for those who cannot see the unit."""
    require_view(user, unit, period)
    editable = may_edit(user, unit, period)
    draft = existing_draft(form, unit, period)
    if draft is None:
        draft = draft_default(form=form, unit=unit, period=period)
    return draft, editable


def text_keys(form: ReportForm) -> dict[str, str]:
    """The keys a draft's texts may have, with the name of each, in the order the editing
    screen shows them."""
    sections = {str(pk): title for pk, title in form.sections.values_list("pk", "title")}
    return {
        INTRO: SPECIAL_TEXTS[INTRO],
        **sections,
        HIGHLIGHTS: SPECIAL_TEXTS[HIGHLIGHTS],
        PROPOSALS: SPECIAL_TEXTS[PROPOSALS],
    }


def check_texts(texts: dict[str, Any], *, form: ReportForm, unit: Unit, period: Period) -> None:
    """Each text renders with the report's figures; ValidationError naming the section."""
    names = text_keys(form)
    unknown = sorted(set(texts) - set(names))
    if unknown:
        raise ValidationError(_("The form has no section “%(section)s”.") % {"section": unknown[0]})
    context = figure_context(report_figures(SYSTEM, form=form, unit=unit, period=period))
    for key, text in texts.items():
        if not isinstance(text, str):
            raise ValidationError(
                _("Section “%(section)s”: the content must be text.") % {"section": names[key]}
            )
        render_text(text, context, section=names[key])


@transaction.atomic
def draft_update(draft: ReportDraft, *, actor: Actor, **fields: Any) -> ReportDraft:
    """Change the draft's fields (those of ``EDITABLE_FIELDS``; ``texts`` merges by key),
    after checking the person may edit the unit's report and that every text renders."""
    period = parse_period(draft.period_code)
    if not may_edit(actor, draft.unit, period):
        raise PermissionDenied(_("You may not write the reports of this unit."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if "family" in fields and fields["family"] not in ReportDraft.Family.values:
        raise ValidationError(_("The issuing body must be a Party body or a State body."))
    if "texts" in fields:
        check_texts(fields["texts"], form=draft.form, unit=draft.unit, period=period)
        fields["texts"] = {**draft.texts, **fields["texts"]}
    for name in ("issuing_body", "place", "title"):
        if name in fields and not str(fields[name]).strip():
            label = ReportDraft._meta.get_field(name).verbose_name
            raise ValidationError(_("The field “%(field)s” cannot be empty.") % {"field": label})
    changed = sorted(name for name, value in fields.items() if getattr(draft, name) != value)
    for name, value in fields.items():
        setattr(draft, name, value.strip() if isinstance(value, str) else value)
    creating = draft.pk is None
    draft.updated_by = person_of(actor)
    draft.save()
    audit(
        instance=draft,
        action="wagtail.create" if creating else "wagtail.edit",
        actor=actor,
        data={"fields": changed},
    )
    return draft
