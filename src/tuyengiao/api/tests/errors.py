"""Reading the API's error shape in tests."""

from __future__ import annotations

from typing import Any


def field_errors(response: Any) -> dict[str, list[str]]:
    """The messages of an error answer by field: ``{"symbol": ["…"], …}``."""
    grouped: dict[str, list[str]] = {}
    for error in response.json()["errors"]:
        grouped.setdefault(error["field"], []).append(error["message"])
    return grouped
