"""Read the catalogue file: the generic reading lives in ``indsats.core.transfer``; this module
adds the catalogue's own kind of cell (KL recommendations) and reads the catalogue's sheets."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from indsats.core.transfer import (
    CellError,
    ImportIssue,
    Row,
    file_issue,
    open_workbook,
    register_kind,
    shown,
)
from indsats.core.transfer import read_sheets as _read_sheets

from . import columns as c

KL_RE = re.compile(r"^(?:KL)?\s*(\d+)$", re.IGNORECASE)


def _kl(column: c.Column, value: Any) -> tuple[int, ...]:
    parts = [shown(value)] if not isinstance(value, str) else re.split(r"[,;/\n]+", value)
    numbers = set()
    for part in parts:
        part = part.strip()
        if not part:
            continue
        match = KL_RE.match(part)
        if not match or not 1 <= int(match.group(1)) <= 38:
            raise CellError(
                _(
                    "»%(value)s« er ikke en KL-anbefaling. Skriv numrene fra KL1 til KL38 adskilt af komma, fx »KL20, KL35«."
                )
                % {"value": part}
            )
        numbers.add(int(match.group(1)))
    return tuple(sorted(numbers))


register_kind(c.KL, _kl, number_format="@", empty=())


def read_sheets(workbook) -> tuple[dict[str, list[Row]], list[ImportIssue]]:
    """Every catalogue sheet's rows, parsed, and every problem found on the way."""
    return _read_sheets(workbook, c.SHEETS)


__all__ = ["CellError", "ImportIssue", "Row", "file_issue", "open_workbook", "read_sheets"]
