"""Every spreadsheet import reports its problems with the one row error of core."""

from django.utils import translation

from tuyengiao.activities import imports as activity_imports
from tuyengiao.core.imports import RowError
from tuyengiao.orgs import imports as hierarchy_imports


def test_imports_share_one_row_error():
    assert activity_imports.RowError is RowError
    assert hierarchy_imports.RowError is RowError


def test_row_error_names_row_and_column_in_the_language_in_use():
    with translation.override("vi"):
        assert str(RowError(7, "Loại", "thiếu loại đơn vị.")) == (
            "Dòng 7, cột “Loại”: thiếu loại đơn vị."
        )
        assert str(RowError(7, "", "lỗi.")) == "Dòng 7: lỗi."
    with translation.override("en"):
        assert str(RowError(7, "Kind", "the unit kind is missing.")) == (
            "Row 7, column “Kind”: the unit kind is missing."
        )
        assert str(RowError(7, "", "wrong.")) == "Row 7: wrong."
    assert str(RowError(0, "", "Tệp hỏng.")) == "Tệp hỏng."
