"""What every spreadsheet import reports: a problem tied to a row and a column of the file.

The imports of the hierarchy, activities, work items and report values each check a whole
file before writing anything, and list every problem they find. They share
:class:`RowError`, so that a person reads "Dòng 7, cột “Loại”: …" the same way whichever file
they uploaded, and so that screens and commands can show any import's problems alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    """A problem with one row and column of an uploaded file.

    ``row_number`` is the row as the spreadsheet shows it (the header is usually 1); row 0
    stands for the file as a whole. ``column`` is the column's header as the file or the
    template names it, "" for the whole row. ``message`` is already translated.
    """

    row_number: int
    column: str
    message: str

    def __str__(self) -> str:
        """The problem as a person reads it, in the active language."""
        if self.row_number and self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row_number,
                "column": self.column,
                "message": self.message,
            }
        if self.row_number:
            return _("Row %(row)s: %(message)s") % {
                "row": self.row_number,
                "message": self.message,
            }
        return self.message
