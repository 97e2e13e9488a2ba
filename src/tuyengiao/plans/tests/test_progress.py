"""Progress rolls up by weight; excluded statuses and zero weights count for nothing."""

from decimal import Decimal

from tuyengiao.plans.progress import ProgressNode, rollup, rounded


def leaf(percent: int | None, weight: str = "1") -> ProgressNode:
    return ProgressNode(
        weight=Decimal(weight), percent=None if percent is None else Decimal(percent)
    )


def parent(*children: ProgressNode, weight: str = "1") -> ProgressNode:
    return ProgressNode(weight=Decimal(weight), children=list(children))


def test_a_leaf_has_its_status_percent():
    assert rollup(leaf(50)) == 50


def test_children_average_by_weight():
    # (100 × 3 + 0 × 1) / 4
    assert rollup(parent(leaf(100, "3"), leaf(0, "1"))) == 75


def test_equal_weights_give_the_plain_average():
    assert rollup(parent(leaf(100), leaf(50), leaf(0))) == 50


def test_excluded_children_leave_sum_and_weights():
    """A cancelled task does not pull its parent down."""
    assert rollup(parent(leaf(100, "2"), leaf(None, "5"))) == 100


def test_zero_weight_counts_for_nothing():
    assert rollup(parent(leaf(100, "1"), leaf(0, "0"))) == 100


def test_nothing_counted_gives_no_progress_and_is_left_out_above():
    empty = parent(leaf(None), leaf(None))
    assert rollup(empty) is None
    assert rollup(parent(empty, leaf(40))) == 40


def test_nested_groups_roll_up_level_by_level():
    # group A = (100×1 + 50×1)/2 = 75, weight 1; group B = 0, weight 3 → (75 + 0)/4
    tree = parent(parent(leaf(100), leaf(50)), parent(leaf(0), weight="3"))
    assert rollup(tree) == Decimal("18.75")


def test_rounded_is_half_up():
    assert rounded(Decimal("66.65")) == Decimal("66.7")
    assert rounded(None) is None
