"""``indsats report``: write a report to a file.

indsats report prioritisation --org ballerup --year 2020 --format pdf -o prioritering.pdf
indsats report descriptions --org ballerup --format docx -o beskrivelser.docx
indsats report status --org ballerup --as-of 2026-04-30 --format xlsx -o status.xlsx [--year 2026]
    [--layout table]
indsats report strategy --org frederikssund --year 2024 --format pdf -o strategi.pdf
    [--strategy PK] [--shared]
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from indsats.organisations.models import Organisation
from indsats.reports import descriptions, prioritisation, status
from indsats.reports import strategy as strategy_report
from indsats.reports.params import ReportParameterError, parse_as_of, parse_year, parse_years
from indsats.reports.render import report_filename
from indsats.reports.status import status_filename
from indsats.reports.status_table import TABLE_RENDERERS

FORMATS = {
    "prioritisation": ("pdf", "xlsx"),
    "descriptions": ("pdf", "docx"),
    "status": ("pdf", "xlsx", "docx"),
    "strategy": ("pdf", "docx", "xlsx"),
}
NAMES = {
    "prioritisation": "prioritering",
    "descriptions": "beskrivelser",
    "status": "status",
    "strategy": "strategiopfølgning",
}


def _choices(formats) -> str:
    """``pdf eller xlsx``; ``pdf, xlsx eller docx``"""
    return ", ".join(formats[:-1]) + " eller " + formats[-1]


class Command(BaseCommand):
    help = (
        "Write the prioritisation overview (PDF/XLSX), the initiative descriptions (PDF/DOCX) "
        "the status report (PDF/XLSX/DOCX) or the strategy follow-up report (PDF/DOCX/XLSX) "
        "to a file."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="kind", required=True, metavar="{prioritisation,descriptions,status,strategy}"
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
                p.add_argument(
                    "--layout",
                    choices=("report", "table"),
                    default="report",
                    help="report: a section per budget note and initiative (default); table: "
                    "one landscape table, a row per initiative, as the committee's Word table.",
                )
            if kind == "strategy":
                p.add_argument(
                    "--year",
                    help="Follow-up year: figures up to and including it (default: this year, "
                    "at most the strategy's last year).",
                )
                p.add_argument(
                    "--strategy",
                    dest="strategy_pk",
                    help="The strategy's id (default: the organisation's newest strategy).",
                )
                p.add_argument(
                    "--shared",
                    action="store_true",
                    help="For sharing outside the organisation: counts below 5 are hidden.",
                )
            p.add_argument("--format", default=formats[0], help=" or ".join(formats))
            p.add_argument(
                "-o",
                "--output",
                help="File to write (default: e.g. prioritering-ballerup-2020.pdf).",
            )

    def handle(
        self,
        *args,
        kind,
        org,
        format,
        output=None,
        year=None,
        as_of=None,
        strategy_pk=None,
        shared=False,
        layout="report",
        **options,
    ):
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
            if layout == "table":
                content = TABLE_RENDERERS[fmt](report)
            else:
                content = renderers.get(fmt, status.render_docx)(report)
            default_name = status_filename(organisation, day, years, fmt, layout=layout)
        elif kind == "strategy":
            content, default_name = self._strategy(organisation, fmt, year, strategy_pk, shared)
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

    def _strategy(self, organisation, fmt: str, year, strategy_pk, shared: bool):
        pk = None
        if strategy_pk is not None:
            if not str(strategy_pk).strip().isdigit():
                raise CommandError(f"Strategiens id »{strategy_pk}« er ikke et tal.")
            pk = int(strategy_pk)
        strategy = strategy_report.strategy_for_report(organisation, pk)
        if strategy is None:
            if pk is None:
                raise CommandError(f"{organisation.name} har ingen strategier.")
            raise CommandError(f"{organisation.name} har ingen strategi med id {pk}.")
        try:
            report_year = parse_year(year, strategy_report.default_year(strategy))
        except ReportParameterError as exc:
            raise CommandError(str(exc)) from exc
        report = strategy_report.build_strategy_report(strategy, year=report_year, shared=shared)
        renderers = {
            "pdf": strategy_report.render_pdf,
            "docx": strategy_report.render_docx,
            "xlsx": strategy_report.render_xlsx,
        }
        content = renderers[fmt](report)
        return content, strategy_report.strategy_filename(report, fmt)
