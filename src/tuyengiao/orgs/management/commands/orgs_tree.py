"""``tuyengiao orgs_tree``: print the organisation tree in force on a date.

The command reads as the system (:data:`~tuyengiao.core.actors.SYSTEM`), which the selectors
treat as an administrator, so every unit is shown.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tuyengiao.core.actors import SYSTEM
from tuyengiao.core.formatting import format_date
from tuyengiao.orgs.access import version_in_force
from tuyengiao.orgs.selectors import TreeNode, flatten, tree_as_of


def iso_date(text: str) -> date:
    """An ``argparse`` type for ``YYYY-MM-DD`` arguments, with a Vietnamese message."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"“{text}” không phải ngày dạng YYYY-MM-DD.") from exc


def require_tree(on: date) -> None:
    """Refuse a date before the first published hierarchy version."""
    if version_in_force(on) is None:
        raise CommandError(f"Không có cây tổ chức nào có hiệu lực vào ngày {format_date(on)}.")


class Command(BaseCommand):
    help = (
        "In cây tổ chức có hiệu lực vào một ngày (mặc định hôm nay), xếp theo thứ tự "
        "tiếng Việt trong từng cấp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", type=iso_date, help="Ngày xem cây, dạng YYYY-MM-DD; mặc định hôm nay."
        )
        parser.add_argument("--root", help="Chỉ in nhánh của đơn vị có mã này.")
        parser.add_argument(
            "--json",
            action="store_true",
            help="In dạng JSON: danh sách {code, name, kind, parent, depth}.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        on: date = options["as_of"] or timezone.localdate()
        require_tree(on)
        nodes = flatten(tree_as_of(SYSTEM, on))
        codes = {node.unit.pk: node.unit.code for node in nodes}
        if root := options["root"]:
            top = next((node for node in nodes if node.unit.code == root), None)
            if top is None:
                raise CommandError(
                    f"Không có đơn vị mã “{root}” trong cây tổ chức ngày {format_date(on)}."
                )
            nodes = flatten([top])
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(nodes, codes), ensure_ascii=False, indent=2))
            return
        # Indentation starts at the first unit shown, so a --root branch is not pushed right.
        top_depth = min((node.depth for node in nodes), default=0)
        for node in nodes:
            indent = "  " * (node.depth - top_depth)
            self.stdout.write(f"{indent}{node.unit.code}  {node.name}  ({_kind(node)})")


def _kind(node: TreeNode) -> str:
    return node.profile.kind.code if node.profile else ""


def _as_json(nodes: list[TreeNode], codes: dict[int, str]) -> list[dict[str, object]]:
    """``depth`` is the depth in the whole tree, with or without --root."""
    return [
        {
            "code": node.unit.code,
            "name": node.name,
            "kind": _kind(node),
            "parent": codes.get(node.parent_id) if node.parent_id else None,
            "depth": node.depth,
        }
        for node in nodes
    ]
