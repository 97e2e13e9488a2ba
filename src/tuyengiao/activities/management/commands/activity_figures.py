"""``tuyengiao activity_figures``: the activity figures of a unit's subtree over a period.

``--unit CODE --from DATE --to DATE`` prints the number of activities and the sum of every
figure, by activity type and category option, of the activities that started in the period
in units below the unit (as the tree stood on each activity's date); ``--type CODE`` keeps
one activity type; ``--json`` prints the same figures as the API's
``/api/v1/activities/figures``. Reads as the system, through the API's selector.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tuyengiao.activities.catalogue import load_catalogue
from tuyengiao.activities.models import ActivityType
from tuyengiao.activities.selectors import ActivityFigures, activity_figures_for
from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.dates import parse_date
from tuyengiao.core.formatting import format_date, format_number
from tuyengiao.orgs.models import Unit

Row = tuple[int, str, int | None, str]  # indent level, label, value, counted in


def _rows(figures: ActivityFigures) -> list[Row]:
    """The table's rows: each type with its number of activities, then each figure's total
    and its parts by option, in the catalogue's order (figures no longer in the catalogue
    come last, by code)."""
    catalogue = load_catalogue()
    activities = _("activities")
    rows: list[Row] = []
    for type_code in sorted(figures.counts, key=lambda code: _order(catalogue.types, code)):
        spec = catalogue.types.get(type_code)
        name = spec.name if spec else type_code
        rows.append((0, f"{name} ({type_code})", figures.counts[type_code], activities))
        known = {figure.code: figure for figure in spec.figures} if spec else {}
        found = {figure for (t, figure, _option) in figures.values if t == type_code}
        for figure_code in sorted(found, key=lambda code: _order(known, code)):
            figure = known.get(figure_code)
            unit_label = figure.unit_label if figure else ""
            total = figures.values.get((type_code, figure_code, None))
            rows.append((1, figure.name if figure else figure_code, total, unit_label))
            names = {option.code: option.name for option in figure.options} if figure else {}
            parts = {
                option: value
                for (t, f, option), value in figures.values.items()
                if t == type_code and f == figure_code and option is not None
            }
            for option in sorted(parts, key=lambda code: _order(names, code)):
                rows.append((2, names.get(option, option), parts[option], unit_label))
    return rows


def _order(known: dict[str, Any], code: str) -> tuple[int, str]:
    """Known codes in their catalogue order, then the others by code."""
    order = list(known)
    return (order.index(code), "") if code in known else (len(order), code)


def _table(figures: ActivityFigures, type_name: str | None) -> list[str]:
    """The figures as a plain-text table, numbers written the Vietnamese way (1.418)."""
    unit, start, end = figures.unit, figures.start, figures.end
    profile = unit.profile_on(end) or unit.last_profile()
    unit_name = f"{profile.name} ({unit.code})" if profile else unit.code
    lines = [
        _("Activity figures of %(unit)s from %(start)s to %(end)s")
        % {"unit": unit_name, "start": format_date(start), "end": format_date(end)}
    ]
    if type_name:
        lines.append(_("Activity type: %(type)s") % {"type": type_name})
    rows = _rows(figures)
    if not rows:
        lines.append(_("No activity in this period."))
        return lines
    cells = [
        ("  " * level + label, "—" if value is None else format_number(value), counted)
        for level, label, value, counted in rows
    ]
    total = (_("All activities"), format_number(figures.count()), _("activities"))
    header = (_("Activity type and figure"), _("Count or sum"), capfirst(_("counted in")))
    label_width = max(len(cell[0]) for cell in (header, total, *cells))
    value_width = max(len(cell[1]) for cell in (header, total, *cells))

    def line(label: str, number: str, counted: str) -> str:
        return f"{label:<{label_width}}  {number:>{value_width}}  {counted}".rstrip()

    body = [line(*cell) for cell in cells]
    rule = "-" * max(len(text) for text in (line(*header), line(*total), *body))
    return [*lines, "", line(*header), rule, *body, rule, line(*total)]


def _date(text: str, option: str) -> date:
    parsed = parse_date(text)
    if parsed is None:
        raise CommandError(
            _("%(option)s: “%(text)s” is not a date; write dd/mm/yyyy or yyyy-mm-dd.")
            % {"option": option, "text": text}
        )
    return parsed


class Command(BaseCommand):
    help = (
        "In số liệu từ nhật ký hoạt động của nhánh một đơn vị trong một kỳ: số hoạt động và "
        "tổng từng số liệu theo loại hoạt động và nhóm phân loại (như API "
        "/api/v1/activities/figures)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Mã đơn vị, ví dụ HN: cả nhánh.")
        parser.add_argument(
            "--from",
            dest="start",
            required=True,
            help="Ngày đầu kỳ, dd/mm/yyyy hoặc yyyy-mm-dd (theo ngày bắt đầu hoạt động).",
        )
        parser.add_argument(
            "--to", dest="end", required=True, help="Ngày cuối kỳ (tính cả ngày này)."
        )
        parser.add_argument("--type", help="Chỉ tính một loại hoạt động (mã loại).")
        parser.add_argument("--json", action="store_true", help="In dạng JSON như API.")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        unit = Unit.objects.prefetch_related("profiles").filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(_("No unit has the code “%(code)s”.") % {"code": options["unit"]})
        activity_type = None
        if options["type"]:
            activity_type = ActivityType.objects.filter(code=options["type"]).first()
            if activity_type is None:
                raise CommandError(
                    _("There is no activity type “%(code)s”.") % {"code": options["type"]}
                )
        start, end = _date(options["start"], "--from"), _date(options["end"], "--to")
        if end < start:
            raise CommandError(_("The end of the period is before its start."))
        figures = activity_figures_for(
            SYSTEM,
            unit=unit,
            start=start,
            end=end,
            types=[activity_type.code] if activity_type else None,
        )
        if options["json"]:
            self.stdout.write(json.dumps(figures.as_dict(), ensure_ascii=False, indent=2))
        else:
            type_name = activity_type.name if activity_type else None
            self.stdout.write("\n".join(_table(figures, type_name)))
