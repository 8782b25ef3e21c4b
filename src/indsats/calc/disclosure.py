"""Small-count protection for anything shown outside the organisation: the one disclosure
engine. Pure Python (the audit uses scipy's HiGHS linear-programming solver; no Django).

**Cells and relations.** A shared product is a set of named counts (*cells*) tied by linear
*relations* ``total = part + part + …`` (started = completed + dropped out + still under way;
completed = hired + not hired; both educations = SSH + SSA; a cohort's dropouts = the sum over
the phases they left in). ``protect`` decides which cells to hide and *why*:

* ``Mark.SMALL`` (primary, shown as "<5"): the count itself is below ``THRESHOLD``;
* ``Mark.PROTECTS`` (secondary, shown as "skjult" with a footnote): the count may be large; it is
  hidden so that a small count cannot be worked out from what is shown.

**Knowns are known.** A cell listed in ``known`` is public whatever its size (nobody is still
under way in a finished cohort: 0, but not a small count) and is never hidden.

**Rules.** 1. primary: every unknown cell below the threshold is hidden. 2. in each relation a
single hidden member is recomputable, and the hidden members of a relation whose total is shown
must add up to at least ``PROTECTION``: the smallest shown member (cheapest first, see
``cost``) is hidden until they do. 3. the audit below; each leak it finds hides one more cell
of a relation around the leaking cell, and the audit runs again. 4. a secondarily hidden cell
that the shown figures pin down exactly anyway is shown (hiding it protects nothing).

**The audit (documented protection level).** For every hidden cell the interval of values
consistent with everything shown (every relation, every shown count and every shown rounded
rate, counts ≥ 0) is computed by linear programming, as statistical offices audit tables with
τ-ARGUS: minimise and maximise the cell subject to those constraints. A hidden count below the
threshold is protected when its interval is at least ``PROTECTION`` (5) wide: a reader can only
say it lies somewhere in e.g. 0–5, 2–9 or 0–∞. The LP relaxation's interval contains the integer
one, so the audit is exact for the relaxation (what τ-ARGUS reports) and never claims less
protection than there is in integers by more than the rounding of its end points.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .kpi import CohortCounts

THRESHOLD = 5
# The feasible interval of a hidden count below THRESHOLD must be at least this wide.
PROTECTION = THRESHOLD
_EPS = 1e-7


class Mark(StrEnum):
    SMALL = "small"  # primary: the count is below THRESHOLD ("<5")
    PROTECTS = "protects"  # secondary: hidden so no small count can be worked out ("skjult")


@dataclass(frozen=True)
class Relation:
    """``total`` = the sum of ``parts`` (cell keys)."""

    total: object
    parts: tuple

    @property
    def members(self) -> tuple:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class ShownRate:
    """A rate ``numerator ÷ denominator`` in %, shown rounded to ``decimals``."""

    numerator: object
    denominator: object
    value: Decimal
    decimals: int = 1


@dataclass(frozen=True)
class Interval:
    low: float
    high: float  # float("inf") when unbounded

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass
class Disclosure:
    """What may be shown: ``values`` (every cell, true figures) with ``marks`` for the hidden
    ones."""

    values: dict
    marks: dict = field(default_factory=dict)

    def shown(self, key) -> int | None:
        """The count as shown; None when hidden (or unknown)."""
        if key in self.marks:
            return None
        return self.values.get(key)

    def mark(self, key) -> Mark | None:
        return self.marks.get(key)

    def small(self, key) -> bool:
        return self.marks.get(key) == Mark.SMALL

    def hidden(self, key) -> bool:
        return key in self.marks


def hidden(value: int | None, threshold: int = THRESHOLD) -> bool:
    return value is None or value < threshold


def shown_sum(parts: Iterable[int | None], threshold: int = THRESHOLD) -> int | None:
    """A sum of counts that are public unless small (the required intake of each education):
    hidden when any part is below the threshold, since the sum minus the other parts would
    give that part back."""
    parts = list(parts)
    if any(hidden(p, threshold) for p in parts):
        return None
    return sum(parts)


def audit(
    values: Mapping,
    hidden_keys: Iterable,
    relations: Iterable[Relation],
    rates: Iterable[ShownRate] = (),
    *,
    targets: Iterable | None = None,
    need: float | None = None,
    cache: dict | None = None,
) -> dict:
    """The feasible interval of every hidden cell (or of ``targets`` only) given everything
    else shown: {key: Interval}. With ``need`` (a width), a cell that two feasible points
    already show to vary by at least ``need`` gets the interval between them (a part of its
    feasible interval: enough to prove it wide) instead of two linear programs of its own.
    Cells in no relation with another hidden cell are solved alone; the rest component by
    component (two linear programs per hidden cell, HiGHS)."""
    hidden_set = set(hidden_keys)
    relations = [r for r in relations if any(m in hidden_set for m in r.members)]
    rates = [r for r in rates if r.numerator in hidden_set or r.denominator in hidden_set]
    # components of hidden cells linked by a relation or a rate
    parent = {k: k for k in hidden_set}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def link(keys):
        keys = [k for k in keys if k in hidden_set]
        for a, b in zip(keys, keys[1:], strict=False):
            parent[find(a)] = find(b)

    for r in relations:
        link(r.members)
    for r in rates:
        link((r.numerator, r.denominator))
    groups: dict = {}
    for k in hidden_set:
        groups.setdefault(find(k), []).append(k)
    wanted = hidden_set if targets is None else set(targets) & hidden_set
    out = {}
    for keys in groups.values():
        keyset = set(keys)
        if not keyset & wanted:
            continue
        # within one protect() the shown figures are fixed: a component with the same hidden
        # cells gives the same intervals
        memo = (frozenset(keyset), frozenset(keyset & wanted), need)
        if cache is not None and memo in cache:
            out.update(cache[memo])
            continue
        found = _audit_component(
            keys,
            values,
            [r for r in relations if keyset & set(r.members)],
            [r for r in rates if r.numerator in keyset or r.denominator in keyset],
            wanted,
            need,
        )
        if cache is not None:
            cache[memo] = found
        out.update(found)
    return out


def _audit_component(keys, values, relations, rates, wanted, need=None) -> dict:
    import numpy as np
    from scipy.optimize import linprog

    index = {k: i for i, k in enumerate(keys)}
    n = len(keys)
    a_eq, b_eq = [], []
    for r in relations:
        row = np.zeros(n)
        rhs = 0.0
        for member, sign in ((r.total, 1.0), *((p, -1.0) for p in r.parts)):
            if member in index:
                row[index[member]] += sign
            else:
                rhs -= sign * float(values[member])
        a_eq.append(row)
        b_eq.append(rhs)
    a_ub, b_ub = [], []
    for r in rates:
        half = 0.5 * 10.0 ** (-r.decimals)
        for bound, sign in ((float(r.value) + half, 1.0), (float(r.value) - half, -1.0)):
            # sign * (100 * num - bound * den) <= 0
            row = np.zeros(n)
            rhs = 0.0
            for member, coef in ((r.numerator, 100.0), (r.denominator, -bound)):
                if member in index:
                    row[index[member]] += sign * coef
                else:
                    rhs -= sign * coef * float(values[member])
            a_ub.append(row)
            b_ub.append(rhs)
    kwargs = {
        "A_eq": np.array(a_eq) if a_eq else None,
        "b_eq": np.array(b_eq) if b_eq else None,
        "A_ub": np.array(a_ub) if a_ub else None,
        "b_ub": np.array(b_ub) if b_ub else None,
        "bounds": [(0, None)] * n,
        "method": "highs",
    }
    out = {}
    if need is not None and (a_eq or a_ub):
        # Feasible points: the true figures, and the extremes of the sum of the wanted cells
        # (in a box, so that the programs are bounded; a point in the box is feasible).
        points = [np.array([float(values[k]) for k in keys])]
        box = float(sum(abs(v) for v in values.values())) + 100.0
        c = np.zeros(n)
        for k in keys:
            if k in wanted:
                c[index[k]] = 1.0
        for sign in (1.0, -1.0):
            res = linprog(sign * c, **{**kwargs, "bounds": [(0, box)] * n})
            if res.status == 0:
                points.append(res.x)
        for k, i in index.items():
            if k in wanted:
                lo = min(p[i] for p in points)
                hi = max(p[i] for p in points)
                if hi - lo >= need - _EPS:
                    out[k] = Interval(lo, hi)
    for k, i in index.items():
        if k not in wanted or k in out:
            continue
        if not a_eq and not a_ub:
            out[k] = Interval(0.0, float("inf"))
            continue
        c = np.zeros(n)
        c[i] = 1.0
        high = linprog(-c, **kwargs)
        hi = -high.fun if high.status == 0 else float("inf")
        if high.status == 2:  # infeasible: inconsistent input; claim nothing is pinned
            out[k] = Interval(0.0, float("inf"))
            continue
        true = float(values[k])
        if need is not None and hi - true >= need - _EPS:
            out[k] = Interval(true, hi)  # the true value and the maximum: wide enough
            continue
        low = linprog(c, **kwargs)
        lo = low.fun if low.status == 0 else 0.0
        out[k] = Interval(lo, hi)
    return out


def leaks(
    disclosure: Disclosure,
    relations: Iterable[Relation],
    rates: Iterable[ShownRate] = (),
    *,
    protection: int = PROTECTION,
    cache: dict | None = None,
) -> dict:
    """The hidden cells below the threshold whose feasible interval is narrower than the
    protection level: {key: Interval}. Empty when the product is safe."""
    smalls = [k for k in disclosure.marks if disclosure.values.get(k, THRESHOLD) < THRESHOLD]
    if not smalls:
        return {}
    intervals = audit(
        disclosure.values,
        disclosure.marks,
        relations,
        rates,
        targets=smalls,
        need=protection,
        cache=cache,
    )
    return {k: intervals[k] for k in smalls if intervals[k].width < protection - _EPS}


def protect(
    values: Mapping,
    relations: Iterable[Relation] = (),
    *,
    known: Iterable = (),
    hidden_from_above: Iterable = (),
    cost: Mapping | None = None,
    threshold: int = THRESHOLD,
    protection: int = PROTECTION,
) -> Disclosure:
    """Decide what of ``values`` ({key: count}) may be shown. ``known``: cells public whatever
    their size. ``hidden_from_above``: cells already hidden elsewhere (secondary). ``cost``:
    {key: n}, lower is hidden first when something more must go (default 1; e.g. a figure over
    both educations before either education's own)."""
    values = dict(values)
    relations = [r for r in relations if all(m in values for m in r.members)]
    known = set(known)
    cost = cost or {}
    marks: dict = {k: Mark.PROTECTS for k in hidden_from_above if k in values and k not in known}
    for k, v in values.items():
        if k not in known and v < threshold:
            marks[k] = Mark.SMALL

    def hide_one(candidates) -> bool:
        options = [k for k in candidates if k not in marks and k not in known]
        if not options:
            return False
        key = min(options, key=lambda k: (cost.get(k, 1), values[k], str(k)))
        marks[key] = Mark.PROTECTS
        return True

    memo: dict = {}
    changed = True
    while changed:
        changed = False
        # rule 2, in every relation
        for r in relations:
            hidden_members = [m for m in r.members if m in marks]
            if not hidden_members:
                continue
            if len(hidden_members) == 1:
                # one hidden member is the total minus the others (or the other way round)
                changed |= hide_one(r.members)
                continue
            if r.total not in marks:
                hidden_sum = sum(values[p] for p in r.parts if p in marks)
                small_hidden = any(values[p] < threshold for p in r.parts if p in marks)
                if small_hidden and hidden_sum < protection:
                    changed |= hide_one(r.members)
        if changed:
            continue
        # rule 3: the audit
        found = leaks(Disclosure(values, marks), relations, protection=protection, cache=memo)
        for key in sorted(found, key=str):
            around = [r for r in relations if key in r.members]
            for r in around:
                if hide_one(r.members):
                    changed = True
                    break
            if changed:
                break
    # rule 4: what the shown figures pin down exactly is shown
    secondary = [k for k, m in marks.items() if m == Mark.PROTECTS]
    if secondary:
        intervals = audit(values, marks, relations, targets=secondary, need=2 * _EPS)
        for k in secondary:
            if intervals[k].width < _EPS:
                del marks[k]
    return Disclosure(values, marks)


def protect_partition(
    total: int | None,
    parts: Mapping,
    *,
    known: Iterable = (),
    threshold: int = THRESHOLD,
) -> Disclosure:
    """One total and its parts; a ``None`` total is hidden from above. Keys: "total" and the
    parts' keys."""
    values = {"total": total or 0, **dict(parts)}
    values["total"] = total if total is not None else sum(parts.values())
    return protect(
        values,
        [Relation("total", tuple(parts))],
        known=known,
        hidden_from_above=("total",) if total is None else (),
        threshold=threshold,
    )


def suppress_partition(
    total: int | None,
    parts: Mapping[str, int | None],
    *,
    threshold: int = THRESHOLD,
) -> tuple[int | None, dict[str, int | None]]:
    """(total, parts) with what must be hidden set to None (``protect_partition`` without the
    marks). A ``None`` total counts as hidden from above, and then so is everything."""
    if total is None:
        return None, {key: None for key in parts}
    d = protect_partition(total, parts, threshold=threshold)
    return d.shown("total"), {key: d.shown(key) for key in parts}


def shown_rate(numerator: int | None, denominator: int | None, value: Decimal | None):
    """The rate when both of its counts are shown, else None."""
    if numerator is None or denominator is None:
        return None
    return value


# --- cohorts ---------------------------------------------------------------------------------

COHORT_FIELDS = (
    "started",
    "completed",
    "dropped_out",
    "ongoing",
    "hired",
    "not_hired",
    "internal_unskilled",
    "internal_ssh",
    "external",
)


def _cohort_values(cohort) -> dict:
    return {
        "started": cohort.started,
        "completed": cohort.completed,
        "dropped_out": cohort.dropped_out,
        "ongoing": cohort.ongoing,
        "hired": cohort.hired,
        "not_hired": cohort.not_hired,
        "internal_unskilled": cohort.internal_unskilled,
        "internal_ssh": cohort.internal_ssh,
        "external": cohort.started - cohort.internal_unskilled - cohort.internal_ssh,
    }


def cohort_relations(prefix: tuple) -> list[Relation]:
    """started = completed + dropped out + under way; completed = hired + not hired;
    started = own unskilled + own SSH + external."""

    def k(name):
        return (*prefix, name)

    return [
        Relation(k("started"), (k("completed"), k("dropped_out"), k("ongoing"))),
        Relation(k("completed"), (k("hired"), k("not_hired"))),
        Relation(k("started"), (k("internal_unskilled"), k("internal_ssh"), k("external"))),
    ]


def cohort_product(cohorts: Iterable, *, combined: bool = True, breakdowns: Mapping | None = None):
    """The cells, relations and knowns of an organisation's cohorts as one shared product:
    keys (education, cohort year, field); with ``combined`` also both educations added up
    (education "") wherever a year has more than one education — what criteria over both
    educations and the comparison's "both educations" show. ``breakdowns``: {(education, year,
    field): {key: count}} — a cohort count split further (dropouts by phase, hires by place),
    cells (education, year, field, key), tied to the cohort's count when they add up to it.
    Returns (values, relations, known, cost)."""
    values: dict = {}
    relations: list[Relation] = []
    known: set = set()
    cost: dict = {}
    by_year: dict = {}
    for c in cohorts:
        prefix = (c.education, c.cohort_year)
        for name, v in _cohort_values(c).items():
            values[(*prefix, name)] = v
        relations += cohort_relations(prefix)
        if c.ongoing == 0:
            known.add((*prefix, "ongoing"))  # a finished cohort is public knowledge
        else:
            # when something more must go, "still under way" before dropout, the headline KPI
            cost[(*prefix, "ongoing")] = 0.5
        by_year.setdefault(c.cohort_year, []).append(c)
    if combined:
        for year, cs in by_year.items():
            if len(cs) < 2:
                continue
            prefix = ("", year)
            for name in COHORT_FIELDS:
                key = (*prefix, name)
                values[key] = sum(values[(c.education, year, name)] for c in cs)
                relations.append(Relation(key, tuple((c.education, year, name) for c in cs)))
                cost[key] = 0  # hide the figure over both educations before either's own
            relations += cohort_relations(prefix)
            if all(c.ongoing == 0 for c in cs):
                known.add((*prefix, "ongoing"))
    for (education, year, name), counts in (breakdowns or {}).items():
        total_key = (education, year, name)
        if total_key not in values or sum(counts.values()) != values[total_key]:
            # not a split of a shown cohort count: a partition of its own
            total_key = (education, year, name, None)
            values[total_key] = sum(counts.values())
        parts = tuple((education, year, name, key) for key in counts)
        for key, n in counts.items():
            values[(education, year, name, key)] = n
        relations.append(Relation(total_key, parts))
    return values, relations, known, cost


def protect_cohorts(
    cohorts: Iterable,
    *,
    combined: bool = True,
    breakdowns: Mapping | None = None,
    threshold: int = THRESHOLD,
):
    """``protect`` over ``cohort_product``: one decision for everything an organisation's
    cohorts (and the breakdowns of their counts) may show outside it. The decision is a pure
    function of the figures, so it is remembered for the same figures (the comparison and the
    report ask for the same organisations again and again)."""
    key = (
        tuple(
            sorted(
                (c.education, c.cohort_year, c.started, c.completed, c.dropped_out, c.hired,
                 c.internal_unskilled, c.internal_ssh)
                for c in cohorts
            )
        ),
        tuple(sorted((k, tuple(sorted(v.items()))) for k, v in (breakdowns or {}).items())),
        combined,
        threshold,
    )  # fmt: skip
    return _protect_cohorts(key)


@functools.lru_cache(maxsize=512)
def _protect_cohorts(key) -> Disclosure:
    rows, breakdown_items, combined, threshold = key
    cohorts = [CohortCounts(*row) for row in rows]  # calc.kpi: the one cohort arithmetic
    breakdowns = {k: dict(v) for k, v in breakdown_items}
    values, relations, known, cost = cohort_product(
        cohorts, combined=combined, breakdowns=breakdowns
    )
    return protect(values, relations, known=known, cost=cost, threshold=threshold)


class SharedCohort:
    """A cohort's counts and rates as they may be shown outside the organisation (None =
    hidden; ``mark(name)`` says why). Built alone from a cohort, or as a view of an
    organisation's ``protect_cohorts`` decision (``disclosure``), which also protects the
    figures over both educations."""

    def __init__(self, cohort, *, disclosure: Disclosure | None = None, threshold=THRESHOLD):
        self.education = cohort.education
        self.cohort_year = cohort.cohort_year
        self.finished = cohort.ongoing == 0
        prefix = (cohort.education, cohort.cohort_year)
        if disclosure is None or (*prefix, "started") not in disclosure.values:
            disclosure = protect_cohorts([cohort], combined=False, threshold=threshold)
        self._disclosure = disclosure
        self._prefix = prefix
        for name in COHORT_FIELDS:
            setattr(self, name, disclosure.shown((*prefix, name)))
        self.completion_rate = shown_rate(self.completed, self.started, cohort.completion_rate)
        self.dropout_rate = shown_rate(self.dropped_out, self.started, cohort.dropout_rate)
        self.hire_rate = shown_rate(self.hired, self.completed, cohort.hire_rate)
        self.yield_rate = shown_rate(self.hired, self.started, cohort.yield_rate)
        internal = None
        if self.internal_unskilled is not None and self.internal_ssh is not None:
            internal = self.internal_unskilled + self.internal_ssh
        self.internal = internal
        self.internal_share = shown_rate(internal, self.started, cohort.internal_share)

    def mark(self, name: str) -> Mark | None:
        """Why the count ``name`` is hidden (None when shown)."""
        return self._disclosure.mark((*self._prefix, name))

    def small(self, name: str) -> bool:
        return self.mark(name) == Mark.SMALL

    def counts(self) -> list[int | None]:
        """Every count this object shows (for tests: none may be below the threshold)."""
        return [getattr(self, name) for name in COHORT_FIELDS if name != "ongoing"] + (
            [] if self.finished else [self.ongoing]
        )
