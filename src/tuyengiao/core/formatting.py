"""Vietnamese number, percentage and date formatting.

Pure functions (no Django, no locale module): the output is always Vietnamese whatever the
process locale, as reports and documents of the committees require.

* Numbers use ``.`` between thousands and ``,`` before decimals: ``1.418``, ``1.234,5``.
* Rounding is ROUND_HALF_UP on :class:`~decimal.Decimal`; floats are converted through
  ``str()`` so ``95.555`` rounds to ``95,56`` like a person would, not to ``95,55``.
* Dates follow Nghị định 30/2020/NĐ-CP: ``05/02/2026`` and ``ngày 05 tháng 02 năm 2026``.

``bool`` is rejected wherever a number is expected (it is an ``int`` subclass, and ``True``
printed as ``1`` is almost always a bug).
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext

Number = int | float | Decimal


def _to_decimal(value: Number) -> Decimal:
    """Convert ``value`` to a finite Decimal, rejecting bools, non-numbers, NaN and infinity."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"expected int, float or Decimal, got {type(value).__name__}")
    # str() gives the shortest text that round-trips, i.e. what the user typed (95.555), while
    # Decimal(95.555) would expose the binary approximation 95.55499999...
    result = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not result.is_finite():
        raise ValueError(f"cannot format a non-finite number: {value!r}")
    return result


def _require_int(value: int, name: str) -> None:
    """Raise TypeError unless ``value`` is an int (and not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")


def _require_decimals(decimals: int) -> None:
    """Raise unless ``decimals`` is a non-negative int."""
    _require_int(decimals, "decimals")
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")


def _round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round ``value`` to ``decimals`` places, halves away from zero."""
    with localcontext() as context:
        # quantize fails when the result needs more digits than the context precision (28).
        context.prec = max(context.prec, value.adjusted() + decimals + 2)
        return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _group_thousands(digits: str) -> str:
    """Insert ``.`` between groups of three digits, counting from the right."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[start : start + 3] for start in range(head, len(digits), 3)]
    return ".".join(groups)


def format_number(value: Number, decimals: int = 0) -> str:
    """Format ``value`` the Vietnamese way, with exactly ``decimals`` decimal places.

    ``format_number(230516) == "230.516"``, ``format_number(95.555, 2) == "95,56"``,
    ``format_number(3.1, 2) == "3,10"``. Rounding is half up; a result that rounds to zero is
    written without a minus sign.
    """
    _require_decimals(decimals)
    rounded = _round_half_up(_to_decimal(value), decimals)
    # copy_abs is exact; abs() would round to the context precision.
    integer, _, fraction = f"{rounded.copy_abs():f}".partition(".")
    sign = "-" if rounded < 0 else ""
    return sign + _group_thousands(integer) + ("," + fraction if fraction else "")


def format_percent(value: Number, decimals: int = 2) -> str:
    """Format ``value``, already a percentage, with a ``%`` sign and up to ``decimals`` places.

    The value is rounded half up to ``decimals`` places, then trailing zeros of the fraction are
    dropped, as Vietnamese reports write it: ``95.555 -> "95,56%"``, ``95.5 -> "95,5%"``,
    ``100 -> "100%"``. No space goes before ``%``.
    """
    text = format_number(value, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text + "%"


def format_share(part: int, whole: int, decimals: int = 2) -> str:
    """Format ``part`` as a percentage of ``whole``: ``format_share(3192, 3327) == "95,94%"``.

    Rounding is half up on the exact quotient; the result follows :func:`format_percent`.
    Raises ValueError when ``whole`` is not positive (a share of nothing has no meaning).
    """
    _require_int(part, "part")
    _require_int(whole, "whole")
    _require_decimals(decimals)
    if whole <= 0:
        raise ValueError(f"whole must be positive to compute a share, got {whole}")
    # Integer arithmetic keeps the quotient exact, so halves round up reliably.
    quotient, remainder = divmod(abs(part) * 100 * 10**decimals, whole)
    if remainder * 2 >= whole:
        quotient += 1
    signed = -quotient if part < 0 else quotient
    return format_percent(Decimal(f"{signed}e-{decimals}"), decimals)


def format_ratio(part: int, whole: int) -> str:
    """Format ``part`` out of ``whole``: ``format_ratio(3192, 3327) == "3.192/3.327"``.

    Both numbers are grouped like :func:`format_number`; ``whole`` may be zero.
    """
    _require_int(part, "part")
    _require_int(whole, "whole")
    return f"{format_number(part)}/{format_number(whole)}"


def format_count(value: int) -> str:
    """Format a count for prose: 1-9 get a leading zero ("05 hội nghị"), others are grouped.

    ``format_count(5) == "05"``, ``format_count(0) == "0"``, ``format_count(1418) == "1.418"``.
    Raises ValueError for negative counts.
    """
    _require_int(value, "value")
    if value < 0:
        raise ValueError(f"a count cannot be negative, got {value}")
    if 0 < value < 10:
        return f"{value:02d}"
    return format_number(value)


def _as_date(value: date) -> date:
    """Return the date part of a date or datetime; raise TypeError for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date or datetime, got {type(value).__name__}")


def format_date(d: date) -> str:
    """Format a date (or the date part of a datetime) as ``dd/mm/yyyy``: ``05/02/2026``.

    Years are written with four digits (``0999``) so the width is constant.
    """
    d = _as_date(d)
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_prose_date(d: date) -> str:
    """Format a date for running text: ``ngày 05 tháng 02 năm 2026``.

    Nghị định 30/2020/NĐ-CP: days below 10 and the months 1 and 2 take a leading zero, other
    months do not (``ngày 15 tháng 3 năm 2026``, ``ngày 01 tháng 10 năm 2025``). Years are
    written with four digits.
    """
    d = _as_date(d)
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year:04d}"


def format_place_date(place: str, d: date) -> str:
    """Format the place-and-date line of a document: ``Hà Nội, ngày 05 tháng 02 năm 2026``.

    Whitespace in ``place`` is collapsed; a blank place raises ValueError.
    """
    place = " ".join(place.split())
    if not place:
        raise ValueError("place must not be blank")
    return f"{place}, {format_prose_date(d)}"
