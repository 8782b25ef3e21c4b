"""``indsats report``: write a report to a file.

indsats report prioritisation --org ballerup --year 2020 --format pdf -o prioritering.pdf
indsats report descriptions --org ballerup --format docx -o beskrivelser.docx
indsats report status --org ballerup --as-of 2026-04-30 --format xlsx -o status.xlsx [--year 2026]
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from indsats.organisations.models import Organisation
from indsats.reports import descriptions, prioritisation, status
from indsats.reports.params import ReportParameterError, parse_as_of, parse_year, parse_years
from indsats.reports.render import report_filename
from indsats.reports.status import status_filename

FORMATS = {
    "prioritisation": ("pdf", "xlsx"),
    "descriptions": ("pdf", "docx"),
    "status": ("pdf", "xlsx", "docx"),
}
NAMES = {"prioritisation": "prioritering", "descriptions": "beskrivelser", "status": "status"}


def _choices(formats) -> str:
    """``pdf eller xlsx``; ``pdf, xlsx eller docx``"""
    return ", ".join(formats[:-1]) + " eller " + formats[-1]


class Command(BaseCommand):
    help = (
        "Write the prioritisation overview (PDF/XLSX), the initiative descriptions (PDF/DOCX) "
        "or the status report (PDF/XLSX/DOCX) to a file."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="kind", required=True, metavar="{prioritisation,descriptions,status}"
        )
        for kind, formats in FORMATS.items():
            p = sub.add_parser(kind, help=f"{NAMES[kind]} ({'/'.join(formats)})")
            p.add_argument("--org", required=True, help="The organisation's slug, e.g. ballerup.")
            if kind == "prioritisation":
                p.add_argument(
                    "--year", help="Budget year (default: the organisation's budget year)."
                )
            if kind == "status":
                p.add_argument(
                    "--as-of",
                    dest="as_of",
                    help="The date the status is reported as of, e.g. 2026-04-30 (default: today).",
                )
                p.add_argument(
                    "--year",
                    action="append",
                    help="Only this budget year (may be given more than once; default: all).",
                )
            p.add_argument("--format", default=formats[0], help=" or ".join(formats))
            p.add_argument(
                "-o",
                "--output",
                help="File to write (default: e.g. prioritering-ballerup-2020.pdf).",
            )

    def handle(self, *args, kind, org, format, output=None, year=None, as_of=None, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"Organisationen »{org}« findes ikke.")
        fmt = (format or "").lower().lstrip(".")
        if fmt not in FORMATS[kind]:
            raise CommandError(
                f"Formatet »{format}« findes ikke for {NAMES[kind]}; vælg {_choices(FORMATS[kind])}."
            )
        if kind == "prioritisation":
            try:
                budget_year = parse_year(year, organisation.budget_year)
            except ReportParameterError as exc:
                raise CommandError(str(exc)) from exc
            report = prioritisation.build_prioritisation(
                organisation=organisation, year=budget_year
            )
            content = (prioritisation.render_pdf if fmt == "pdf" else prioritisation.render_xlsx)(
                report
            )
            default_name = report_filename(NAMES[kind], organisation, fmt, budget_year)
        elif kind == "status":
            try:
                day = parse_as_of(as_of, timezone.localdate())
                years = parse_years(year or [])
            except ReportParameterError as exc:
                raise CommandError(str(exc)) from exc
            report = status.build_status_report(
                organisation=organisation, as_of=day, budget_years=years
            )
            renderers = {"pdf": status.render_pdf, "xlsx": status.render_xlsx}
            content = renderers.get(fmt, status.render_docx)(report)
            default_name = status_filename(organisation, day, years, fmt)
        else:
            report = descriptions.build_descriptions(organisation=organisation)
            content = (descriptions.render_pdf if fmt == "pdf" else descriptions.render_docx)(
                report
            )
            default_name = report_filename(NAMES[kind], organisation, fmt)
        path = Path(output or default_name)
        if path.parent and not path.parent.exists():
            raise CommandError(f"Mappen »{path.parent}« findes ikke.")
        path.write_bytes(content)
        self.stdout.write(f"Skrev {path} ({len(content):,} bytes).".replace(",", "."))
