"""Progress roll-up by weight, as pure functions over in-memory nodes.

Like the results of a participatory-budget accountability module, a leaf takes the
percentage of its status and a parent the weighted average of its children: a work item's
children are its sub-items and its assignments, a plan's children its top-level items.

- A child whose status is excluded (cancelled, not applicable) is left out of both the sum
  and the weights, so cancelling a task does not lower the parent's progress.
- A child of weight 0 is shown but counts for nothing.
- A parent with no counted child (all excluded, or all weights 0) has no progress (None)
  and is itself left out one level up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass
class ProgressNode:
    """A node of the roll-up: a leaf has ``percent`` (None when its status is excluded)."""

    weight: Decimal
    percent: Decimal | None = None
    children: list[ProgressNode] = field(default_factory=list)


def rollup(node: ProgressNode) -> Decimal | None:
    """The node's progress in percent (0–100), or None when nothing in it counts."""
    if not node.children:
        return node.percent
    total_weight = Decimal(0)
    weighted = Decimal(0)
    for child in node.children:
        progress = rollup(child)
        if progress is None or child.weight <= 0:
            continue
        total_weight += child.weight
        weighted += child.weight * progress
    if total_weight == 0:
        return None
    return weighted / total_weight


def rounded(progress: Decimal | None, places: int = 1) -> Decimal | None:
    """``progress`` rounded half up, for display and the API."""
    if progress is None:
        return None
    return progress.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
