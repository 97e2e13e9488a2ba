"""Writing a report to a file (Word or Excel) as a background task, with progress.

A person asks for a file (:func:`render_request`); the task worker writes it
(:func:`render_run`), saving its progress on the ``ReportRender`` row, which the admin page
and the API poll; when done, the file is kept on the row to download. Whoever may see the
unit's figures for the period may ask for the report and download it; the file is written
as the system, with the draft and template the unit has at that moment.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.core.actors import SYSTEM, Actor, person_of
from tuyengiao.core.audit import audit
from tuyengiao.core.progress import RowProgress
from tuyengiao.orgs.access import READ_INTERNAL, AnyUser, placements_in_scope, version_in_force
from tuyengiao.orgs.models import Unit
from tuyengiao.reporting.models import ReportForm, ReportRender
from tuyengiao.reporting.periods import Period, parse_period
from tuyengiao.reporting.selectors import require_view

logger = logging.getLogger(__name__)

_ERROR_LENGTH = 1000


def renders_visible_to(user: AnyUser) -> QuerySet[ReportRender]:
    """Report files of units within the person's reach in the tree in force at each period's
    end (administrators: all)."""
    renders = ReportRender.objects.select_related("form", "unit")
    if not user.is_authenticated:
        return renders.none()
    if user.is_superuser:
        return renders
    condition = Q(pk__in=[])
    for code in renders.values_list("period_code", flat=True).distinct():
        version = version_in_force(parse_period(code).end)
        if version is not None:
            units = placements_in_scope(user, version, READ_INTERNAL).values("unit_id")
            condition |= Q(period_code=code, unit__in=units)
    return renders.filter(condition)


def render_for_user(user: AnyUser, pk: int) -> ReportRender:
    render = renders_visible_to(user).filter(pk=pk).first()
    if render is None:
        raise Http404(_("Report file not found."))
    return render


def renders_of(
    user: AnyUser, *, form: ReportForm, unit: Unit, period: Period
) -> QuerySet[ReportRender]:
    """The latest files written of one report, newest first."""
    return renders_visible_to(user).filter(form=form, unit=unit, period_code=period.code)[:10]


def render_request(
    *, form: ReportForm, unit: Unit, period: Period, fmt: str, actor: Actor
) -> ReportRender:
    """Queue the writing of the report of ``unit`` for ``period`` to a ``fmt`` file."""
    require_view(actor, unit, period)
    if fmt not in ReportRender.Format.values:
        raise ValidationError(
            _("There is no format “%(format)s”; choose docx or xlsx.") % {"format": fmt}
        )
    from tuyengiao.reporting.tasks import render_report_file

    with transaction.atomic():
        render = ReportRender.objects.create(
            form=form,
            unit=unit,
            period_code=period.code,
            format=fmt,
            requested_by=person_of(actor),
        )
        audit(instance=render, action="tuyengiao.reporting.render", actor=actor)
        transaction.on_commit(lambda: render_report_file.enqueue(render.pk))
    return render


def _update(pk: int, **fields: object) -> None:
    ReportRender.objects.filter(pk=pk).update(updated_at=timezone.now(), **fields)


def render_run(pk: int) -> str:
    """Write the file of the queued ``ReportRender`` ``pk``; returns its final status.

    Safe to run again (a run lost with its worker is retried, see :func:`render_lost`): a file
    already done is kept, anything else starts over from nothing.
    """
    from tuyengiao.reporting.official.render import render_report

    render = ReportRender.objects.select_related("form", "unit").filter(pk=pk).first()
    if render is None:
        return "missing"
    if render.status == ReportRender.Status.DONE and render.file:
        return ReportRender.Status.DONE
    _update(pk, status=ReportRender.Status.RUNNING, progress=0, error="", finished_at=None)
    try:
        content = render_report(
            SYSTEM,
            form=render.form,
            unit=render.unit,
            period=parse_period(render.period_code),
            fmt=render.format,
            progress=RowProgress(ReportRender, pk, "progress"),
        )
    except ValidationError as error:
        message = " ".join(error.messages)[:_ERROR_LENGTH]
        _update(pk, status=ReportRender.Status.FAILED, error=message, finished_at=timezone.now())
        return ReportRender.Status.FAILED
    except Exception:
        logger.exception("writing report file %s failed", pk)
        _update(
            pk,
            status=ReportRender.Status.FAILED,
            error=_("Unexpected error while writing the file; tell the system administrator."),
            finished_at=timezone.now(),
        )
        raise  # the task backend records the traceback too
    render.file.save(file_name(render), ContentFile(content), save=False)
    _update(
        pk,
        file=render.file.name,
        status=ReportRender.Status.DONE,
        progress=100,
        finished_at=timezone.now(),
    )
    return ReportRender.Status.DONE


def render_lost(pk: int, *, reason: str, retried: bool) -> None:
    """The worker writing the file of ``pk`` died: back to the queue, to start over, or failed
    with ``reason``; never left "running". A file already done is left alone."""
    rows = ReportRender.objects.filter(pk=pk).exclude(status=ReportRender.Status.DONE)
    if retried:
        rows.update(
            status=ReportRender.Status.QUEUED, progress=0, error="", updated_at=timezone.now()
        )
    else:
        rows.update(
            status=ReportRender.Status.FAILED,
            error=reason[:_ERROR_LENGTH],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )


def file_name(render: ReportRender) -> str:
    """``bao-cao-<form>-<unit>-<period>.<format>``: ASCII, so every mail client keeps it."""
    unit = render.unit.code.lower().replace(".", "-")
    return f"bao-cao-{render.form.code}-{unit}-{render.period_code}.{render.format}"
