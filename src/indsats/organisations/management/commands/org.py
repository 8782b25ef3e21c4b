"""``indsats org create SLUG "NAVN" [--kind KIND] [--budget-year YEAR]``: create an
organisation (then invite its first administrator with ``indsats user invite``).

``indsats org sso SLUG --saml-metadata URL|FILE [--role-attribute NAME] [--role-map VALUE=ROLE
…] [--default-role ROLE] [--no-password-login]``: set the organisation's SAML identity
provider (see docs/operations.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indsats.core.services import ServiceError
from indsats.organisations.models import OrganisationKind
from indsats.organisations.services import organisation_create


class Command(BaseCommand):
    help = "Organisationer: »create« opretter en organisation."

    def add_arguments(self, parser):
        parser.add_argument(
            "action", choices=["create", "sso"], help="Hvad der skal gøres: create eller sso."
        )
        parser.add_argument("slug", help="Kort navn i adresser, fx »ballerup«.")
        parser.add_argument("name", nargs="?", default="", help="Navn, fx »Ballerup Kommune«.")
        parser.add_argument("--saml-metadata", help="IdP-metadata: en https-adresse eller en fil.")
        parser.add_argument("--role-attribute", default="groups")
        parser.add_argument("--name-attribute", default="displayName")
        parser.add_argument("--email-attribute", default="mail")
        parser.add_argument(
            "--role-map", action="append", default=[], help="IDP-VÆRDI=ROLLE (kan gentages)."
        )
        parser.add_argument("--default-role", default="")
        parser.add_argument("--no-password-login", action="store_true")
        parser.add_argument(
            "--kind", default=OrganisationKind.MUNICIPALITY, choices=OrganisationKind.values
        )
        parser.add_argument("--budget-year", type=int, default=None)

    def handle(self, *args, action, slug, name, kind, budget_year, **options):
        if action == "sso":
            return self._sso(slug, options)
        if not name:
            raise CommandError(_("Skriv organisationens navn, fx »Ballerup Kommune«."))
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

    def _sso(self, slug: str, options) -> None:
        from pathlib import Path

        from indsats.accounts.saml import identity_provider_save, parse_role_map
        from indsats.organisations.models import Organisation

        org = Organisation.objects.filter(slug=slug).first()
        if org is None:
            raise CommandError(_("Der er ingen organisation med det korte navn »%s«.") % slug)
        source = options.get("saml_metadata")
        if not source:
            raise CommandError(_("Angiv --saml-metadata med en adresse eller en fil."))
        url = ""
        if source.startswith(("https://", "http://")):
            import urllib.request

            url = source
            try:
                with urllib.request.urlopen(source, timeout=30) as answer:  # noqa: S310
                    xml = answer.read().decode()
            except OSError as exc:
                raise CommandError(
                    _("Kunne ikke hente metadata fra %(url)s: %(e)s") % {"url": source, "e": exc}
                ) from exc
        else:
            try:
                xml = Path(source).read_text(encoding="utf-8")
            except OSError as exc:
                raise CommandError(
                    _("Kunne ikke læse filen %(f)s: %(e)s") % {"f": source, "e": exc}
                ) from exc
        try:
            provider = identity_provider_save(
                actor=None,
                organisation=org,
                metadata_xml=xml,
                metadata_url=url,
                name_attribute=options["name_attribute"],
                email_attribute=options["email_attribute"],
                role_attribute=options["role_attribute"],
                role_map=parse_role_map("\n".join(options["role_map"])),
                default_role=options["default_role"],
                password_login=not options["no_password_login"],
            )
        except ServiceError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            _(
                "Single sign-on for %(name)s er sat op med IdP'en %(idp)s. Giv IdP'en "
                "Indsats' metadata fra /sso/%(slug)s/metadata/ på jeres adresse."
            )
            % {"name": org.name, "idp": provider.entity_id, "slug": org.slug}
        )
