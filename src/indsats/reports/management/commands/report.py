"""``indsats report``: write a report to a file.

indsats report prioritisation --org ballerup --year 2020 --format pdf -o prioritering.pdf
indsats report descriptions --org ballerup --format docx -o beskrivelser.docx
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indsats.organisations.models import Organisation
from indsats.reports import descriptions, prioritisation
from indsats.reports.params import ReportParameterError, parse_year
from indsats.reports.render import report_filename

FORMATS = {"prioritisation": ("pdf", "xlsx"), "descriptions": ("pdf", "docx")}
NAMES = {"prioritisation": "prioritering", "descriptions": "beskrivelser"}


class Command(BaseCommand):
    help = "Write the prioritisation overview (PDF/XLSX) or the initiative descriptions (PDF/DOCX) to a file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="kind", required=True, metavar="{prioritisation,descriptions}"
        )
        for kind, formats in FORMATS.items():
            p = sub.add_parser(kind, help=f"{NAMES[kind]} ({'/'.join(formats)})")
            p.add_argument("--org", required=True, help="The organisation's slug, e.g. ballerup.")
            if kind == "prioritisation":
                p.add_argument(
                    "--year", help="Budget year (default: the organisation's budget year)."
                )
            p.add_argument("--format", default=formats[0], help=" or ".join(formats))
            p.add_argument(
                "-o",
                "--output",
                help="File to write (default: e.g. prioritering-ballerup-2020.pdf).",
            )

    def handle(self, *args, kind, org, format, output=None, year=None, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"Organisationen »{org}« findes ikke.")
        fmt = (format or "").lower().lstrip(".")
        if fmt not in FORMATS[kind]:
            raise CommandError(
                f"Formatet »{format}« findes ikke for {NAMES[kind]}; vælg {' eller '.join(FORMATS[kind])}."
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
