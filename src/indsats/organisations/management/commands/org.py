"""``indsats org create SLUG "NAVN" [--kind KIND] [--budget-year YEAR]``: create an
organisation (then invite its first administrator with ``indsats user invite``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indsats.core.services import ServiceError
from indsats.organisations.models import OrganisationKind
from indsats.organisations.services import organisation_create


class Command(BaseCommand):
    help = "Organisationer: »create« opretter en organisation."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"], help="Hvad der skal gøres: create.")
        parser.add_argument("slug", help="Kort navn i adresser, fx »ballerup«.")
        parser.add_argument("name", help="Navn, fx »Ballerup Kommune«.")
        parser.add_argument(
            "--kind", default=OrganisationKind.MUNICIPALITY, choices=OrganisationKind.values
        )
        parser.add_argument("--budget-year", type=int, default=None)

    def handle(self, *args, action, slug, name, kind, budget_year, **options):
        try:
            org = organisation_create(
                actor=None, slug=slug, name=name, kind=kind, budget_year=budget_year
            )
        except ServiceError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            _(
                "Organisationen %(name)s (%(slug)s) er oprettet. Invitér dens første "
                "administrator med: indsats user invite EMAIL --org %(slug)s --role admin"
            )
            % {"name": org.name, "slug": org.slug}
        )
