"""Small-count suppression for anything shared outside the organisation. Pure Python.

Rule: no count below ``THRESHOLD`` (5) is shown, and nothing from which a hidden count could be
recomputed. Counts come in *partitions*: a total and the parts that add up to it (started =
completed + dropped out + still under way; completed = hired + not hired; dropped out = the sum
over causes, or over phases). Suppression in a partition is

1. primary: every part below the threshold is hidden (and the whole partition when the total is);
2. secondary: the hidden parts must be at least two and add up to at least the threshold (else
   the total minus the shown parts would give a small count back): the smallest shown parts
   are hidden until they do, and the total too when nothing is left;
3. downward: when a total is hidden, every partition below it is hidden whole.

A rate is shown only when both of its counts are shown. ``None`` means hidden.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

THRESHOLD = 5


def hidden(value: int | None, threshold: int = THRESHOLD) -> bool:
    return value is None or value < threshold


def suppress_partition(
    total: int | None,
    parts: Mapping[str, int | None],
    *,
    threshold: int = THRESHOLD,
) -> tuple[int | None, dict[str, int | None]]:
    """Return (total, parts) with what must be hidden set to None. A ``None`` already in the
    input counts as hidden (e.g. a total hidden by the partition above)."""
    if hidden(total, threshold):
        return None, {key: None for key in parts}
    shown: dict[str, int | None] = {
        key: (None if hidden(value, threshold) else value) for key, value in parts.items()
    }
    # Hidden parts must be at least two and add up to at least the threshold, or the total
    # minus the shown parts would give a small count back: hide the smallest shown part
    # until they do, and the total when nothing is left to hide.
    while True:
        hidden_values = [parts[key] for key, value in shown.items() if value is None]
        if not hidden_values:
            break
        hidden_sum = sum(v or 0 for v in hidden_values)
        if len(hidden_values) >= 2 and hidden_sum >= threshold:
            break
        candidates = [(value, key) for key, value in shown.items() if value is not None]
        if not candidates:
            return None, {key: None for key in parts}
        _, key = min(candidates)
        shown[key] = None
    return total, shown


def shown_rate(numerator: int | None, denominator: int | None, value: Decimal | None):
    """The rate when both of its counts are shown, else None."""
    if numerator is None or denominator is None:
        return None
    return value


class SharedCohort:
    """A cohort's counts and rates as they may be shown outside the organisation (None =
    hidden). Partitions: started = completed + dropped out + ongoing; completed = hired +
    not hired; started = internal (unskilled + own SSH) + external."""

    def __init__(self, cohort, *, threshold: int = THRESHOLD):
        self.education = cohort.education
        self.cohort_year = cohort.cohort_year
        started, parts = suppress_partition(
            cohort.started,
            {
                "completed": cohort.completed,
                "dropped_out": cohort.dropped_out,
                "ongoing": cohort.ongoing,
            },
            threshold=threshold,
        )
        self.started = started
        self.dropped_out = parts["dropped_out"]
        self.ongoing = parts["ongoing"]
        # When the parts add up to their total, step 2 never needs to hide a total of 5 or
        # more (hiding every part hides at least the total), so nothing climbs back up.
        completed, hire_parts = suppress_partition(
            parts["completed"],
            {"hired": cohort.hired, "not_hired": cohort.not_hired},
            threshold=threshold,
        )
        self.completed = completed
        self.hired = hire_parts["hired"]
        self.not_hired = hire_parts["not_hired"]
        _, internal_parts = suppress_partition(
            started,
            {
                "internal_unskilled": cohort.internal_unskilled,
                "internal_ssh": cohort.internal_ssh,
                "external": cohort.started - cohort.internal,
            },
            threshold=threshold,
        )
        self.internal_unskilled = internal_parts["internal_unskilled"]
        self.internal_ssh = internal_parts["internal_ssh"]
        self.completion_rate = shown_rate(self.completed, self.started, cohort.completion_rate)
        self.dropout_rate = shown_rate(self.dropped_out, self.started, cohort.dropout_rate)
        self.hire_rate = shown_rate(self.hired, self.completed, cohort.hire_rate)
        self.yield_rate = shown_rate(self.hired, self.started, cohort.yield_rate)

    def counts(self) -> list[int | None]:
        """Every count this object shows (for tests: none may be below the threshold)."""
        return [
            self.started,
            self.completed,
            self.dropped_out,
            self.ongoing,
            self.hired,
            self.not_hired,
            self.internal_unskilled,
            self.internal_ssh,
        ]
