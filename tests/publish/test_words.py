"""Amounts in documents are added and rounded as Disclosure UK rows are, so the two agree."""

from __future__ import annotations

from collabcheck.publish.money import plain, total
from collabcheck.publish.words import money


def test_amounts_are_the_exact_sum_as_written() -> None:
    assert money(46500) == "£46,500"
    assert money(0.1, 0.2) == "£0.30"
    # 1.005 as a float is just under 1.005; as written it rounds half up, as disclosure does.
    assert money(1.005) == "£1.01"
    assert money(34875.5, 34875.5) == "£69,751"


def test_a_summary_total_and_a_disclosure_amount_agree() -> None:
    values = (46500, 34875.5, 0.005)
    assert plain(total(values)) == "81375.51"
    assert money(*values) == "£81,375.51"
