"""Vietnamese is the default language, with Vietnamese number and date formats."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation


def test_defaults_are_vietnamese():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]


def test_django_formats_print_vietnamese_numbers_and_dates():
    """The formats module overrides Django's vi (no grouping, prose dates)."""
    with translation.override("vi"):
        assert formats.number_format(1418, force_grouping=True) == "1.418"
        assert formats.number_format(Decimal("95.56"), decimal_pos=2) == "95,56"
        assert formats.date_format(date(2026, 2, 5)) == "05/02/2026"
        assert formats.date_format(date(2026, 2, 5), "SHORT_DATE_FORMAT") == "05/02/2026"
        moment = datetime(2026, 2, 5, 14, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "05/02/2026 14:30"
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"


def test_english_keeps_english_formats():
    with translation.override("en"):
        assert formats.number_format(1418.5, decimal_pos=1, force_grouping=True) == "1,418.5"


def test_template_filters_write_figures_the_vietnamese_way():
    template = Template(
        "{% load vietnamese %}{{ n|vi_number }} lớp/{{ m|vi_number }} lượt; "
        "{{ p|vi_percent }}; {{ c|vi_count }} hội nghị; {{ d|vi_date }}; {{ d|vi_prose_date }}"
    )
    rendered = template.render(
        Context({"n": 1418, "m": 230516, "p": 95.555, "c": 5, "d": date(2026, 2, 5)})
    )
    assert rendered == (
        "1.418 lớp/230.516 lượt; 95,56%; 05 hội nghị; 05/02/2026; ngày 05 tháng 02 năm 2026"
    )
