"""``indsats import KIND FILE --org ORG [--dry-run]``: import data from a file, all or nothing.

Each kind names what the file holds; add a kind by adding an entry to ``IMPORTERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indsats.budgets.transfer import budget_import
from indsats.casebank.transfer import case_import
from indsats.core.transfer import FileImportError
from indsats.indicators.transfer import indicator_import
from indsats.initiatives.transfer import catalogue_import
from indsats.students.transfer import student_import
from indsats.students.transfer_totals import totals_import

from ._common import kind_or_error, organisation_or_error


def _import_catalogue(*, organisation, path: Path, dry_run: bool):
    return catalogue_import(organisation=organisation, actor=None, file=path, dry_run=dry_run)


def _import_budget(*, organisation, path: Path | list[Path], dry_run: bool):
    return budget_import(organisation=organisation, actor=None, file=path, dry_run=dry_run)


def _import_indicators(*, organisation, path: Path | list[Path], dry_run: bool):
    return indicator_import(organisation=organisation, actor=None, file=path, dry_run=dry_run)


def _import_pipeline_totals(*, organisation, path: Path, dry_run: bool):
    return totals_import(organisation=organisation, actor=None, file=path, dry_run=dry_run)


def _import_cases(*, organisation, path: Path, dry_run: bool):
    return case_import(actor=None, file=path, dry_run=dry_run)


def _import_students(*, organisation, path: Path | list[Path], dry_run: bool):
    return student_import(organisation=organisation, actor=None, file=path, dry_run=dry_run)


class Importer(NamedTuple):
    description: str
    # run(organisation=, path=, dry_run=) -> a result with .summary(); raises one of REFUSED
    # (with ``.messages``, Danish texts naming sheet, row and column) when the file is refused.
    run: Callable[..., Any]
    needs_org: bool = True  # False: the data belongs to no organisation (the case bank)
    # True: several files (one CSV per sheet) are applied together, all or nothing; ``run``
    # then gets a list of paths.
    many_files: bool = False


IMPORTERS: dict[str, Importer] = {
    "catalogue": Importer(
        "indsatskataloget: indsatser, omkostninger, faktorer, scenarier og parametre",
        _import_catalogue,
    ),
    "budget": Importer(
        "budgetnotater med bevillinger og forbrug (.xlsx, eller en .csv pr. ark, indlæst samlet)",
        _import_budget,
        many_files=True,
    ),
    "indicators": Importer(
        "indikatorer og deres værdier (.xlsx, eller en .csv pr. ark, indlæst samlet)",
        _import_indicators,
        many_files=True,
    ),
    "pipeline-totals": Importer(
        "indtastede elevtal: årgange, frafald, ansættelsessteder, sygefravær, dimensionering",
        _import_pipeline_totals,
    ),
    "cases": Importer(
        "casebankens cases, uden organisation (.xlsx, eller .csv)", _import_cases, needs_org=False
    ),
    "students": Importer(
        "elevdata: elever, forløb og fravær (.xlsx, eller en .csv pr. ark, indlæst samlet)",
        _import_students,
        many_files=True,
    ),
}
REFUSED = (FileImportError,)


class Command(BaseCommand):
    help = "Importér data fra en fil, alt eller intet. Typer: " + ", ".join(IMPORTERS) + "."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="Hvad filen indeholder: " + ", ".join(IMPORTERS) + ".")
        parser.add_argument(
            "file",
            nargs="+",
            help="Filen, der skal indlæses (.xlsx eller .csv). For »budget«, »indicators« og "
            "»students« også flere CSV-filer, én pr. ark, der indlæses samlet.",
        )
        parser.add_argument(
            "--org", help="Organisationens korte navn, fx ballerup (ikke for »cases«)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Kontrollér og tæl, men gem intet."
        )

    def handle(self, *args, kind, file, org, dry_run, **options):
        importer = kind_or_error(kind, IMPORTERS)
        organisation = None
        if importer.needs_org:
            if not org:
                raise CommandError(
                    _("Angiv organisationen med --org for typen »%(kind)s«.") % {"kind": kind}
                )
            organisation = organisation_or_error(org)
        if len(file) > 1 and not importer.many_files:
            raise CommandError(_("Typen »%(kind)s« indlæser én fil ad gangen.") % {"kind": kind})
        paths = [Path(f) for f in file]
        for path in paths:
            if not path.is_file():
                raise CommandError(_("Filen »%(file)s« findes ikke.") % {"file": path})
        path = paths[0]
        try:
            result = importer.run(
                organisation=organisation,
                path=paths if importer.many_files else path,
                dry_run=dry_run,
            )
        except REFUSED as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                _("Filen »%(name)s« blev ikke indlæst: %(n)d fejl. Intet er ændret.")
                % {"name": ", ".join(p.name for p in paths), "n": len(exc.messages)}
            ) from exc
        prefix = _("Prøvekørsel, intet er gemt") if dry_run else _("Importeret")
        self.stdout.write(
            _("%(prefix)s: %(summary)s.") % {"prefix": prefix, "summary": result.summary()}
        )
