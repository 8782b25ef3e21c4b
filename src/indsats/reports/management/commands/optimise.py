"""``indsats optimise``: the best set of initiatives within the budget frames, to a file.

indsats optimise --org ballerup --year 2020 [--effect haender|vaegtet] [--format xlsx|pdf] -o FILE
    [--frame 1:2020:1.900.000 ...] [--parameter timepris_frikob=220 ...]

Without --format the file's extension decides. Prints the proposal's effect and the frames used.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indsats.calc.danish import format_kr, format_number
from indsats.initiatives.optimiser import OptimiserInputError, optimisation, params_from_query
from indsats.organisations.models import Organisation
from indsats.reports import optimisation as report_module


class Command(BaseCommand):
    help = "Write the optimiser's proposal (the best set of initiatives within the frames) to a PDF or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="The organisation's slug, e.g. ballerup.")
        parser.add_argument("--year", help="Budget year (default: the organisation's).")
        parser.add_argument("--effect", help="Effect unit key to maximise, or »vaegtet«.")
        parser.add_argument("--format", choices=["xlsx", "pdf"])
        parser.add_argument("-o", "--output", required=True, help="The file to write.")
        parser.add_argument(
            "--frame",
            action="append",
            default=[],
            help="What-if frame STEP:YEAR:AMOUNT, e.g. 1:2020:1.900.000 (repeatable).",
        )
        parser.add_argument(
            "--parameter",
            action="append",
            default=[],
            help="What-if parameter KEY=VALUE, e.g. timepris_frikob=220 (repeatable).",
        )

    def handle(self, *args, **options):
        org = Organisation.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"Organisationen »{options['org']}« findes ikke.")
        output = Path(options["output"])
        fmt = options["format"] or output.suffix.lstrip(".").lower()
        if fmt not in ("xlsx", "pdf"):
            raise CommandError("Vælg --format xlsx eller pdf (eller skriv til en .xlsx/.pdf-fil).")
        query = {"year": options["year"] or "", "effekt": options["effect"] or ""}
        for frame in options["frame"]:
            try:
                step, year, amount = frame.split(":", 2)
                int(step), int(year)
            except ValueError:
                raise CommandError(
                    f"--frame »{frame}« skal skrives TRIN:ÅR:BELØB, fx 1:2020:1.900.000."
                ) from None
            query[f"r{step}_{year}"] = amount
        for parameter in options["parameter"]:
            key, sep, value = parameter.partition("=")
            if not sep:
                raise CommandError(
                    f"--parameter »{parameter}« skal skrives NØGLE=VÆRDI, fx timepris_frikob=220."
                )
            query[f"p_{key}"] = value
        try:
            result = optimisation(organisation=org, **params_from_query(query, org))
        except OptimiserInputError as exc:
            raise CommandError(str(exc)) from exc
        report = report_module.build_optimisation(result)
        render = report_module.render_pdf if fmt == "pdf" else report_module.render_xlsx
        output.write_bytes(render(report))
        for line in result.problems:
            self.stderr.write(line)
        if result.proposal.feasible:
            self.stdout.write(
                f"{report.title}: {format_number(result.proposal.value, 1)} {result.unit} "
                f"({result.objective_label})"
            )
            for f in report.frames:
                self.stdout.write(
                    f"  {f.label}: brugt {format_kr(f.used)} af {format_kr(f.amount)}, "
                    f"tilbage {format_kr(f.left)}"
                )
        self.stdout.write(f"Skrevet: {output}")
