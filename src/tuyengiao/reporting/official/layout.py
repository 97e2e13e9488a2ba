"""The official layout of generated reports, as versioned data.

Hướng dẫn 36-HD/VPTW (Party bodies) and Nghị định 30/2020/NĐ-CP (State bodies) fix the page,
the fonts, the header, the number line, the signature and the recipients. The rules change
(a 2026 successor of Hướng dẫn 36 exists), so their constants live in ``rulesets.toml``,
one ruleset per family and date of entry into force, and :func:`ruleset_for` picks the one
in force on the report's date: nothing in the writer hard-codes a size or a margin.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

RULESETS_FILE = Path(__file__).with_name("rulesets.toml")
FAMILIES = ("party", "state")


class NoRuleset(LookupError):
    """No ruleset of the family was in force on the date."""


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    header_mm: float
    header_left_mm: float

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm


@dataclass(frozen=True)
class Body:
    first_line_indent_cm: float
    space_after_pt: float
    line_spacing: float


@dataclass(frozen=True)
class Header:
    motto: tuple[str, ...]
    motto_rule_mm: float
    issuer_mark: str
    issuer_rule_mm: float
    number_prefix: str
    title_rule: str


@dataclass(frozen=True)
class Signature:
    committee_authority: str
    committee_title: str
    agency_authority: str
    agency_title: str
    blank_lines: int


@dataclass(frozen=True)
class Recipients:
    label: str
    label_style: str  # "underline" (Party) or "bold_italic" (State)
    default: tuple[str, ...]
    archive: str


@dataclass(frozen=True)
class Ruleset:
    """The layout constants of one family from one date."""

    key: str
    family: str
    valid_from: date
    basis: str
    page: Page
    font: str
    sizes: dict[str, float]
    body: Body
    header: Header
    signature: Signature
    recipients: Recipients

    def size(self, element: str) -> float:
        """The font size in points of ``element`` (``body``, ``doc_type``, ``recipients``…)."""
        return self.sizes[element]


def _ruleset(raw: dict[str, Any]) -> Ruleset:
    header = raw["header"]
    recipients = raw["recipients"]
    return Ruleset(
        key=raw["key"],
        family=raw["family"],
        valid_from=raw["valid_from"],
        basis=raw["basis"],
        page=Page(**raw["page"]),
        font=raw["font"]["name"],
        sizes={name: float(value) for name, value in raw["sizes"].items()},
        body=Body(**raw["body"]),
        header=Header(**{**header, "motto": tuple(header["motto"])}),
        signature=Signature(**raw["signature"]),
        recipients=Recipients(**{**recipients, "default": tuple(recipients["default"])}),
    )


@cache
def rulesets(path: Path = RULESETS_FILE) -> tuple[Ruleset, ...]:
    """Every ruleset of the file, oldest first within each family."""
    with path.open("rb") as file:
        raw = tomllib.load(file)
    found = [_ruleset(item) for item in raw["ruleset"]]
    unknown = {item.family for item in found} - set(FAMILIES)
    if unknown:
        raise ValueError(f"unknown ruleset families in {path.name}: {sorted(unknown)}")
    return tuple(sorted(found, key=lambda item: (item.family, item.valid_from)))


def ruleset_for(family: str, on: date, *, path: Path = RULESETS_FILE) -> Ruleset:
    """The ruleset of ``family`` (``party`` or ``state``) in force on ``on``."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}")
    in_force = [item for item in rulesets(path) if item.family == family and item.valid_from <= on]
    if not in_force:
        raise NoRuleset(f"Không có quy định thể thức cho văn bản ngày {on:%d/%m/%Y}.")
    return in_force[-1]
