"""Import and export of status texts: one row per status (initiative, as-of date, state, text,
author). All or nothing like the other transfer modules; importing an unchanged export adds
nothing (a status with the same initiative, date, state and text is already there)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from indsats.core.transfer import (
    CHOICE,
    CODE,
    DATE,
    Column,
    FileFormat,
    FileImportError,
    Row,
    Sheet,
    call_service,
    file_issue,
    file_names,
    import_writes,
    issue_order,
    read_files,
    read_uploads,
    workbook_bytes,
)
from indsats.initiatives.models import Initiative
from indsats.organisations.models import EDIT_STATUS, Organisation
from indsats.organisations.services import require_role

from . import services
from .models import StatusState, StatusUpdate

STATUSES = Sheet(
    "Status",
    (
        Column(
            "initiative",
            "Indsats",
            CODE,
            required=True,
            max_length=20,
            fmt="Nummeret på en indsats i kataloget.",
            help="Den indsats, status gælder.",
            example="1.1",
            width=10,
        ),
        Column(
            "as_of",
            "Status pr.",
            DATE,
            required=True,
            fmt="En dato, fx »30-04-2026«; ikke i fremtiden.",
            help="Den dato, status er opgjort pr.",
            example="30-04-2026",
            width=12,
        ),
        Column(
            "state",
            "Vurdering",
            CHOICE,
            choices=StatusState,
            default=StatusState.NOT_ASSESSED,
            help="Hvordan det går. Tom: »Ikke vurderet«.",
            example="Følger planen",
            width=18,
        ),
        Column(
            "text",
            "Status",
            required=True,
            max_length=20000,
            fmt="Tekst. Tom linje: nyt afsnit; linjer, der begynder med »- «: punktopstilling.",
            help="Hvad er gjort, og hvad er næste skridt.",
            example="Første hold er startet.\n- 12 vejledere uddannet",
            width=70,
        ),
        Column(
            "author",
            "Skrevet af",
            max_length=200,
            help="Hvem status er skrevet af. Tom: den, der indlæser filen.",
            example="Lars Leder",
            width=20,
        ),
    ),
    help="Én række pr. status. En status, der findes i forvejen (samme indsats, dato, vurdering og tekst), indlæses ikke igen.",
)
SHEETS = (STATUSES,)
STATUS_FORMAT = FileFormat(
    SHEETS,
    "Statustekster",
    (
        "Statustekster for indsatserne som Excel-fil, eller som CSV-fil (semikolonsepareret, "
        "fx »Status.csv«).",
        "Filen indlæses som en helhed. Er der fejl i blot én række, indlæses intet, og alle fejl vises med ark, række og kolonne.",
        "Genindlæses en eksport uændret, ændres intet.",
    ),
)


class StatusImportError(FileImportError):
    """The status file cannot be imported; ``errors`` names every problem. Nothing was written."""


@dataclass
class StatusImportResult:
    file_name: str
    created: int = 0
    unchanged: int = 0
    dry_run: bool = False
    rows: list[Any] = field(default_factory=list, repr=False)

    @property
    def changed(self) -> bool:
        return bool(self.created)

    def audit_changes(self) -> dict[str, list[Any]]:
        return {
            "file": [None, self.file_name],
            "created": [None, self.created],
            "unchanged": [None, self.unchanged],
        }

    def summary(self) -> str:
        return _("%(created)d nye og %(unchanged)d uændrede statustekster") % {
            "created": self.created,
            "unchanged": self.unchanged,
        }


def _key(initiative_id: int, as_of, state: str, text: str) -> tuple:
    return (initiative_id, as_of, state, text.strip())


def status_check(*, organisation: Organisation, file, file_name: str | None = None):
    """Read and check the file(s); raise StatusImportError naming every problem."""
    files = read_uploads(file, name=file_name)
    sheets, issues = read_files(files, STATUS_FORMAT, required=())
    if not issues and not sheets:
        issues.append(file_issue(_("Filen indeholder ikke arket »Status«. Hent skabelonen.")))
    initiatives = {i.code: i for i in Initiative.objects.filter(organisation=organisation)}
    today = timezone.localdate()
    plans: list[tuple[Row, Initiative]] = []
    for row in sheets.get(STATUSES.title, []):
        code = row["initiative"]
        if row.ok("initiative") and code not in initiatives:
            issues.append(
                row.issue(
                    "initiative",
                    _("Der er ingen indsats %(code)s i kataloget. Skriv nummeret, fx »1.1«.")
                    % {"code": code},
                )
            )
            continue
        if row.ok("as_of") and row["as_of"] > today:
            issues.append(
                row.issue(
                    "as_of",
                    _("Datoen %(date)s ligger i fremtiden.")
                    % {"date": row["as_of"].strftime("%d-%m-%Y")},
                )
            )
            continue
        if row.ok("initiative", "as_of", "state", "text", "author"):
            plans.append((row, initiatives[code]))
    if issues:
        raise StatusImportError(sorted(issues, key=issue_order(SHEETS)))
    return plans, file_names(files)


def status_import(
    *, organisation: Organisation, actor, file, file_name: str | None = None, dry_run=False
) -> StatusImportResult:
    """Import status texts from ``file`` (an upload, a path, bytes, or a list of them). Raises
    StatusImportError, having written nothing, if any row is wrong."""
    require_role(actor, organisation, EDIT_STATUS)
    plans, name = status_check(organisation=organisation, file=file, file_name=file_name)
    result = StatusImportResult(file_name=name, dry_run=dry_run)
    known = {
        _key(s.initiative_id, s.as_of, s.state, s.text)
        for s in StatusUpdate.objects.filter(initiative__organisation=organisation)
    }
    with import_writes(
        organisation=organisation,
        actor=actor,
        object_type="statuses",
        object_repr=_("Statustekster fra %(name)s") % {"name": name},
        changes=result.audit_changes,
        dry_run=dry_run,
    ):
        for row, initiative in plans:
            key = _key(initiative.pk, row["as_of"], row["state"], row["text"])
            if key in known:
                result.unchanged += 1
                continue
            call_service(
                row,
                StatusImportError,
                services.status_update_create,
                initiative=initiative,
                actor=actor,
                as_of=row["as_of"],
                state=row["state"],
                text=row["text"],
                author_name=row["author"] or "",
            )
            known.add(key)
            result.created += 1
    return result


def status_rows(organisation: Organisation) -> dict[str, list[dict[str, Any]]]:
    """Every status that counts (corrected versions left out), oldest first. One query."""
    updates = (
        StatusUpdate.objects.filter(
            initiative__organisation=organisation, superseded_by__isnull=True
        )
        .select_related("initiative")
        .order_by("as_of", "initiative__code", "created_at", "id")
    )
    return {
        STATUSES.title: [
            {
                "initiative": u.initiative.code,
                "as_of": u.as_of,
                "state": u.state,
                "text": u.text,
                "author": u.author_name,
            }
            for u in updates
        ]
    }


def status_export(organisation: Organisation) -> bytes:
    return workbook_bytes(STATUS_FORMAT, status_rows(organisation))


def status_template() -> bytes:
    return workbook_bytes(STATUS_FORMAT, {})
