"""``indsats user invite EMAIL --org SLUG --role ROLE [--print-link]``: invite a person to an
organisation. The person accepts through the link (e-mailed, or printed with --print-link
for delivering by hand) and only then becomes a member."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from indsats.core.services import ServiceError
from indsats.initiatives.management.commands._common import organisation_or_error
from indsats.organisations.models import Role
from indsats.organisations.services import invitation_create


def site_url() -> str:
    url = getattr(settings, "SITE_URL", "") or os.environ.get(
        "INDSATS_SITE_URL", "http://localhost:8000"
    )
    return url.rstrip("/")


class Command(BaseCommand):
    help = "Brugere: »invite« inviterer en person til en organisation."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["invite"], help="Hvad der skal gøres: invite.")
        parser.add_argument("email", help="Personens e-mailadresse.")
        parser.add_argument("--org", required=True, help="Organisationens korte navn.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--print-link",
            action="store_true",
            help="Send ingen e-mail; skriv linket ud, så du kan give det videre selv.",
        )

    def handle(self, *args, action, email, org, role, print_link, **options):
        organisation = organisation_or_error(org)
        printed = {}
        accept = site_url() + reverse("accounts:invitation", kwargs={"token": "TOKEN"})
        try:
            invitation_create(
                actor=None,
                organisation=organisation,
                email=email,
                role=role,
                accept_url=accept.replace("TOKEN", "{token}"),
                send=not print_link,
                link_out=printed,
            )
        except ServiceError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if print_link:
            self.stdout.write(
                _("Invitationen til %(email)s er oprettet. Giv personen dette link: %(link)s")
                % {"email": email, "link": printed["link"]}
            )
        else:
            self.stdout.write(_("Invitationen er sendt til %(email)s.") % {"email": email})
