"""``indsats students purge --org ORG [--apply]``: delete the student records that are past the
organisation's retention period. A dry run (what would be deleted) unless ``--apply``."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indsats.initiatives.management.commands._common import organisation_or_error
from indsats.students.choices import Education
from indsats.students.services import (
    student_access_log_purge,
    student_records_delete_expired,
)


class Command(BaseCommand):
    help = "Elevdata: »purge« sletter elever ud over organisationens opbevaringsperiode."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["purge"], help="Hvad der skal gøres: purge.")
        parser.add_argument("--org", required=True, help="Organisationens korte navn.")
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Slet for alvor. Uden --apply vises kun, hvad der ville blive slettet.",
        )
        parser.add_argument(
            "--today",
            help="Dagens dato som ÅÅÅÅ-MM-DD (til afprøvning). Standard: i dag.",
        )

    def handle(self, *args, action, org, apply, today, **options):
        organisation = organisation_or_error(org)
        try:
            day = dt.date.fromisoformat(today) if today else dt.date.today()
        except ValueError as exc:
            raise CommandError(
                _("»%(value)s« er ikke en dato på formen ÅÅÅÅ-MM-DD.") % {"value": today}
            ) from exc
        result = student_records_delete_expired(
            organisation=organisation, actor=None, today=day, dry_run=not apply
        )
        self.stdout.write(
            _("Opbevaringsperiode: %(years)d år. Elever, der afsluttede før %(cutoff)s, slettes.")
            % {
                "years": organisation.student_retention_years,
                "cutoff": result.cutoff.strftime("%d-%m-%Y"),
            }
        )
        for (education, year), count in result.by_cohort.items():
            self.stdout.write(
                _("  %(education)s årgang %(year)d: %(count)d elever")
                % {"education": Education.short(education), "year": year, "count": count}
            )
        self.stdout.write(result.summary() + ".")
        if apply:
            removed = student_access_log_purge(organisation=organisation, today=day)
            self.stdout.write(
                _("Adgangsloggen: %(n)d rækker ældre end %(months)d måneder er slettet.")
                % {"n": removed, "months": organisation.access_log_retention_months}
            )
        if not apply and result.count:
            self.stdout.write(_("Intet er slettet. Kør igen med --apply for at slette."))
