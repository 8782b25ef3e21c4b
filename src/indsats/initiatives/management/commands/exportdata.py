"""``indsats export KIND --org ORG [-o FILE]``: export data to a file that ``import`` reads.

Each kind names what to export; add a kind by adding an entry to ``EXPORTERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indsats.budgets.transfer import BUDGET, budget_export, budget_rows
from indsats.casebank.transfer import case_export
from indsats.core.transfer import FileFormat, csv_files
from indsats.followup.transfer import STATUS_FORMAT, status_export, status_rows
from indsats.indicators.transfer import INDICATOR_FORMAT, indicator_export, indicator_rows
from indsats.initiatives.transfer import catalogue_export
from indsats.organisations.models import Organisation
from indsats.students.export_cli import student_export_from_command_line
from indsats.students.transfer_totals import totals_export

from ._common import kind_or_error, organisation_or_error


class Exporter(NamedTuple):
    description: str
    run: Callable[[Organisation], bytes]
    default_name: str  # "{org}" is replaced by the organisation's short name
    needs_org: bool = True  # False: the data belongs to no organisation (the case bank)
    # For ``-o NAME.csv``: the rows per sheet and their format, written as one CSV per sheet.
    rows: Callable[[Organisation], dict] | None = None
    file_format: FileFormat | None = None


EXPORTERS: dict[str, Exporter] = {
    "catalogue": Exporter("indsatskataloget som Excel-fil", catalogue_export, "{org}-katalog.xlsx"),
    "budget": Exporter(
        "budgetnotater med bevillinger og forbrug som Excel-fil (eller en CSV-fil pr. ark)",
        budget_export,
        "{org}-budget.xlsx",
        rows=budget_rows,
        file_format=BUDGET,
    ),
    "indicators": Exporter(
        "indikatorer og deres værdier som Excel-fil (eller en CSV-fil pr. ark)",
        indicator_export,
        "{org}-indikatorer.xlsx",
        rows=indicator_rows,
        file_format=INDICATOR_FORMAT,
    ),
    "statuses": Exporter(
        "statustekster som Excel-fil (eller en CSV-fil)",
        status_export,
        "{org}-status.xlsx",
        rows=status_rows,
        file_format=STATUS_FORMAT,
    ),
    "pipeline-totals": Exporter(
        "indtastede elevtal som Excel-fil", totals_export, "{org}-elevtal.xlsx"
    ),
    "cases": Exporter(
        "casebankens importerede cases som Excel-fil", case_export, "cases.xlsx", needs_org=False
    ),
    "students": Exporter(
        "elevdata (elever, forløb og fravær) som Excel-fil i importformatet; skrives i "
        "audit- og adgangsloggen",
        student_export_from_command_line,
        "{org}-elevdata.xlsx",
    ),
}


class Command(BaseCommand):
    help = "Eksportér data til en fil, der kan indlæses igen. Typer: " + ", ".join(EXPORTERS) + "."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="Hvad der skal eksporteres: " + ", ".join(EXPORTERS) + ".")
        parser.add_argument(
            "--org", help="Organisationens korte navn, fx ballerup (ikke for »cases«)."
        )
        parser.add_argument(
            "-o",
            "--output",
            help="Filen, der skrives. Standard: <org>-<type>.xlsx. Ender navnet på .csv, skrives "
            "én CSV-fil pr. ark (<navn>-<ark>.csv), som »import« læser samlet.",
        )

    def handle(self, *args, kind, org, output, **options):
        exporter = kind_or_error(kind, EXPORTERS)
        organisation = None
        if exporter.needs_org:
            if not org:
                raise CommandError(
                    _("Angiv organisationen med --org for typen »%(kind)s«.") % {"kind": kind}
                )
            organisation = organisation_or_error(org)
        slug = organisation.slug if organisation is not None else ""
        path = Path(output or exporter.default_name.format(org=slug))
        if not path.parent.is_dir():
            raise CommandError(_("Mappen »%(dir)s« findes ikke.") % {"dir": path.parent})
        if path.suffix.lower() == ".csv":
            if exporter.rows is None:
                raise CommandError(
                    _("Typen »%(kind)s« kan kun eksporteres som Excel-fil (.xlsx).")
                    % {"kind": kind}
                )
            for name, data in csv_files(
                exporter.file_format, exporter.rows(organisation), path.stem
            ):
                (path.parent / name).write_bytes(data)
                self.stdout.write(_("Skrev %(path)s.") % {"path": path.parent / name})
            return
        path.write_bytes(exporter.run(organisation))
        self.stdout.write(_("Skrev %(path)s.") % {"path": path})
