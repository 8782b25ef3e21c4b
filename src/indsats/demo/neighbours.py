"""Five municipalities near Frederikssund that share their pipeline figures in the demo, so
that the national comparison is not empty. Invented figures of a plausible size: published
cohort totals only (no student records), deterministic."""

from __future__ import annotations

import random
from decimal import Decimal

# slug, name, students hired a year (both educations together, about)
NEIGHBOURS = [
    ("halsnaes", "Halsnæs Kommune", 60),
    ("hilleroed", "Hillerød Kommune", 95),
    ("egedal", "Egedal Kommune", 70),
    ("gribskov", "Gribskov Kommune", 65),
    ("allerod", "Allerød Kommune", 35),
]
YEARS = range(2019, 2026)


def cohort_totals(slug: str, size: int) -> list[dict]:
    """Cohort totals for 2019–2025: SSA about two thirds of the intake; recent cohorts still
    under way (SSH takes about 1,5 years, SSA about 3,2)."""
    rng = random.Random(f"indsats-demo-{slug}")
    out = []
    for year in YEARS:
        for education, share, length in (("ssh", 0.35, 2), ("ssa", 0.65, 4)):
            started = max(3, round(size * share * rng.uniform(0.85, 1.15)))
            finished = year + length <= 2025
            dropout = rng.uniform(0.12, 0.22) if education == "ssh" else rng.uniform(0.25, 0.42)
            dropped = round(started * dropout * (1 if finished else 0.6))
            completed = started - dropped if finished else 0
            hired = round(completed * rng.uniform(0.45, 0.7))
            unskilled = round(started * rng.uniform(0.05, 0.14))
            own_ssh = round(started * rng.uniform(0.03, 0.08)) if education == "ssa" else 0
            out.append(
                {
                    "education": education,
                    "cohort_year": year,
                    "started": started,
                    "completed": completed,
                    "dropped_out": dropped,
                    "hired": hired,
                    "internal_unskilled": unskilled,
                    "internal_ssh": own_ssh,
                    "note": "Demo: opfundne tal",
                }
            )
    return out


def sick_leave(slug: str) -> list[tuple[int, Decimal]]:
    rng = random.Random(f"indsats-demo-sick-{slug}")
    return [(year, Decimal(str(round(rng.uniform(7.2, 10.4), 2)))) for year in YEARS]
