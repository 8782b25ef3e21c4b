"""``indsats org create SLUG "NAVN" [--kind KIND] [--budget-year YEAR]``: create an
organisation (then invite its first administrator with ``indsats user invite``).

``indsats org sso SLUG --saml-metadata URL|FILE [--role-attribute NAME] [--role-map VALUE=ROLE
…] [--default-role ROLE] [--no-password-login]``: set the organisation's SAML identity
provider (see docs/operations.md).

``indsats org sso SLUG --oidc-issuer URL --client-id ID [--client-secret SECRET] [--scopes …]
[--role-attribute CLAIM] [--role-map VALUE=ROLE …] …``: set an OpenID Connect provider instead
(the secret may come from INDSATS_OIDC_CLIENT_SECRET, to keep it out of the shell history).

``indsats org sso SLUG --refresh-metadata`` (or ``indsats org sso --all --refresh-metadata``,
e.g. nightly from cron): fetch SAML metadata again from the stored URL."""

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
        parser.add_argument("slug", nargs="?", default="", help="Kort navn, fx »ballerup«.")
        parser.add_argument("name", nargs="?", default="", help="Navn, fx »Ballerup Kommune«.")
        parser.add_argument("--saml-metadata", help="IdP-metadata: en https-adresse eller en fil.")
        parser.add_argument("--oidc-issuer", help="OpenID Connect-udsteder (eller discovery-URL).")
        parser.add_argument("--client-id", default="")
        parser.add_argument(
            "--client-secret", default="", help="Ellers fra INDSATS_OIDC_CLIENT_SECRET."
        )
        parser.add_argument("--scopes", default="openid profile email")
        parser.add_argument(
            "--refresh-metadata", action="store_true", help="Hent SAML-metadata igen."
        )
        parser.add_argument(
            "--all", action="store_true", help="Med --refresh-metadata: alle organisationer."
        )
        parser.add_argument("--role-attribute", default=None, help="SAML: groups; OIDC: roles.")
        parser.add_argument("--name-attribute", default=None, help="SAML: displayName; OIDC: name.")
        parser.add_argument("--email-attribute", default=None, help="SAML: mail; OIDC: email.")
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
        if action == "sso" and options["refresh_metadata"]:
            return self._refresh(slug, every=options["all"])
        if not slug:
            raise CommandError(_("Skriv organisationens korte navn, fx »ballerup«."))
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

    def _organisation(self, slug: str):
        from indsats.organisations.models import Organisation

        org = Organisation.objects.filter(slug=slug).first()
        if org is None:
            raise CommandError(_("Der er ingen organisation med det korte navn »%s«.") % slug)
        return org

    def _refresh(self, slug: str, *, every: bool) -> None:
        from indsats.accounts.models import IdentityProvider
        from indsats.accounts.saml import saml_metadata_refresh

        if every:
            orgs = [
                p.organisation
                for p in IdentityProvider.objects.filter(kind="saml")
                .exclude(metadata_url="")
                .select_related("organisation")
                .order_by("organisation__slug")
            ]
        elif slug:
            orgs = [self._organisation(slug)]
        else:
            raise CommandError(_("Skriv organisationens korte navn eller --all."))
        failed = []
        for org in orgs:
            try:
                changed = saml_metadata_refresh(actor=None, organisation=org)
            except ServiceError as exc:
                failed.append(org.slug)
                self.stderr.write(
                    _("%(slug)s: metadata ikke fornyet: %(why)s")
                    % {"slug": org.slug, "why": " ".join(exc.messages)}
                )
                continue
            self.stdout.write(
                (
                    _("%(slug)s: metadata fornyet.")
                    if changed
                    else _("%(slug)s: metadata er uændret.")
                )
                % {"slug": org.slug}
            )
        if failed:
            raise CommandError(
                _("Metadata blev ikke fornyet for: %s (se ovenfor).") % ", ".join(failed)
            )

    def _sso(self, slug: str, options) -> None:
        from pathlib import Path

        from indsats.accounts.saml import fetch_metadata, identity_provider_save

        org = self._organisation(slug)
        if options.get("oidc_issuer"):
            return self._oidc(org, options)
        source = options.get("saml_metadata")
        if not source:
            raise CommandError(
                _("Angiv --saml-metadata med en adresse eller en fil, eller --oidc-issuer.")
            )
        url = ""
        try:
            if source.startswith(("https://", "http://")):
                url = source
                xml = fetch_metadata(source)
            else:
                try:
                    xml = Path(source).read_text(encoding="utf-8")
                except OSError as exc:
                    raise CommandError(
                        _("Kunne ikke læse filen %(f)s: %(e)s") % {"f": source, "e": exc}
                    ) from exc
            provider = identity_provider_save(
                actor=None,
                organisation=org,
                metadata_xml=xml,
                metadata_url=url,
                **_login_options(options, name="displayName", email="mail", role="groups"),
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

    def _oidc(self, org, options) -> None:
        import os

        from indsats.accounts.oidc import oidc_provider_save

        try:
            provider = oidc_provider_save(
                actor=None,
                organisation=org,
                issuer=options["oidc_issuer"],
                client_id=options["client_id"],
                client_secret=options["client_secret"]
                or os.environ.get("INDSATS_OIDC_CLIENT_SECRET", ""),
                scopes=options["scopes"],
                **_login_options(options, name="name", email="email", role="roles"),
            )
        except ServiceError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            _(
                "Single sign-on for %(name)s er sat op med OpenID Connect-udbyderen %(issuer)s. "
                "Registrér omdirigerings-URI'en /sso/%(slug)s/oidc/callback/ på jeres adresse "
                "hos udbyderen."
            )
            % {"name": org.name, "issuer": provider.issuer, "slug": org.slug}
        )


def _login_options(options, *, name: str, email: str, role: str) -> dict:
    """What both kinds of single sign-on take from the command line: the attribute (claim) names
    with the kind's usual defaults, the role map, the default role and the password switch."""
    from indsats.accounts.sso import parse_role_map

    return {
        "name_attribute": options["name_attribute"] or name,
        "email_attribute": options["email_attribute"] or email,
        "role_attribute": role if options["role_attribute"] is None else options["role_attribute"],
        "role_map": parse_role_map("\n".join(options["role_map"])),
        "default_role": options["default_role"],
        "password_login": not options["no_password_login"],
    }
