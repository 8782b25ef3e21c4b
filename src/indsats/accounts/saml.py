"""SAML 2.0 single sign-on with pysaml2: the service provider's configuration is built from the
organisation's IdentityProvider; a response is checked (signature, lifetime, that it answers
one open request of ours, once), mapped to name, e-mail and role, and turns into a just-in-time
user and membership. Every refusal raises SsoRefused with a Danish message for the user and a
precise one for the log; nothing is created then."""

from __future__ import annotations

import datetime as dt
import logging
import shutil

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from indsats.core.models import AuditAction
from indsats.core.services import ServiceError, audit

from .models import IdentityProvider, SamlRequest
from .sso import (
    SsoRefused,
    identity_provider_write,
    login_settings,
    parse_role_map,
    sso_login_apply,
)

__all__ = [
    "SsoRefused",
    "accept_response",
    "identity_provider_save",
    "login_request",
    "parse_role_map",
]

log = logging.getLogger("indsats.accounts.sso")

REQUEST_LIFETIME = dt.timedelta(minutes=10)
# Sent requests are kept this long, then deleted when the next login starts. Past
# REQUEST_LIFETIME a row only words the refusal of a late replay ("allerede brugt" rather than
# "hører ikke til et login"); a day keeps that wording for stragglers and bounds the table.
REQUEST_KEPT = dt.timedelta(days=1)
MD_NS = "urn:oasis:names:tc:SAML:2.0:metadata"


def sp_urls(request, provider: IdentityProvider) -> tuple[str, str]:
    slug = provider.organisation.slug
    entity_id = request.build_absolute_uri(reverse("accounts:sso_metadata", args=[slug]))
    acs = request.build_absolute_uri(reverse("accounts:sso_acs", args=[slug]))
    return entity_id, acs


def client(provider: IdentityProvider, *, entity_id: str, acs: str):
    from saml2 import BINDING_HTTP_POST
    from saml2.client import Saml2Client
    from saml2.config import SPConfig

    config = SPConfig()
    config.load(
        {
            "entityid": entity_id,
            "xmlsec_binary": shutil.which("xmlsec1"),
            "allow_unknown_attributes": True,
            "metadata": {"inline": [provider.metadata_xml]},
            "service": {
                "sp": {
                    "endpoints": {"assertion_consumer_service": [(acs, BINDING_HTTP_POST)]},
                    "allow_unsolicited": False,
                    "authn_requests_signed": False,
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                }
            },
        }
    )
    return Saml2Client(config=config)


def metadata_entity_id(xml: str) -> str:
    """The entity id of the (single) IdP in a metadata document, or a Danish ServiceError."""
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(xml.encode())
    except Exception as exc:  # noqa: BLE001 - any parse error is the same message to the user
        raise ServiceError(
            errors={
                "metadata_xml": [
                    _("Metadata er ikke gyldig XML (%(error)s). Hent filen fra IdP'en igen.")
                    % {"error": exc}
                ]
            }
        ) from exc
    entities = [root] if root.tag == f"{{{MD_NS}}}EntityDescriptor" else []
    entities += root.findall(f".//{{{MD_NS}}}EntityDescriptor")
    idps = [e for e in entities if e.find(f"{{{MD_NS}}}IDPSSODescriptor") is not None]
    if len(idps) != 1:
        raise ServiceError(
            errors={
                "metadata_xml": [
                    _(
                        "Metadata skal beskrive præcis én identitetsudbyder (et EntityDescriptor "
                        "med IDPSSODescriptor); denne beskriver %(n)s."
                    )
                    % {"n": len(idps)}
                ]
            }
        )
    return idps[0].get("entityID", "")


def check_metadata(xml: str) -> None:
    """pysaml2 can build a service provider from the metadata, or a Danish ServiceError."""
    try:
        client(
            IdentityProvider(metadata_xml=xml),
            entity_id="https://indsats.invalid/check",
            acs="https://indsats.invalid/acs",
        )
    except Exception as exc:  # noqa: BLE001 - pysaml2 raises many kinds for bad metadata
        raise ServiceError(
            errors={"metadata_xml": [_("pysaml2 kan ikke læse metadata: %(e)s") % {"e": exc}]}
        ) from exc


@transaction.atomic
def identity_provider_save(
    *,
    actor,
    organisation,
    metadata_xml: str,
    metadata_url: str = "",
    name_attribute: str = "displayName",
    email_attribute: str = "mail",
    role_attribute: str = "",
    role_map: dict[str, str] | None = None,
    default_role: str = "",
    password_login: bool = True,
) -> IdentityProvider:
    entity_id = metadata_entity_id(metadata_xml)
    shared, errors = login_settings(
        name_attribute=name_attribute,
        email_attribute=email_attribute,
        role_attribute=role_attribute,
        role_map=role_map,
        default_role=default_role,
        password_login=password_login,
    )
    if errors:
        raise ServiceError(errors=errors)
    check_metadata(metadata_xml)
    values = {
        "kind": "saml",
        "issuer": "",
        "client_id": "",
        "client_secret_encrypted": "",
        "entity_id": entity_id,
        "metadata_xml": metadata_xml,
        "metadata_url": metadata_url,
        **shared,
    }
    provider = identity_provider_write(actor=actor, organisation=organisation, values=values)
    return provider


def login_request(request, provider: IdentityProvider, next_url: str) -> str:
    """The IdP URL (HTTP-Redirect binding) carrying a new AuthnRequest; the request is stored."""
    entity_id, acs = sp_urls(request, provider)
    saml_client = client(provider, entity_id=entity_id, acs=acs)
    request_id, info = saml_client.prepare_for_authenticate(entityid=provider.entity_id)
    saml_requests_prune()
    SamlRequest.objects.create(provider=provider, request_id=request_id, next_url=next_url)
    return dict(info["headers"])["Location"]


def saml_requests_prune() -> int:
    """Delete sent requests older than REQUEST_KEPT, answered or not (all organisations: one
    indexed DELETE at each login start, so the table stays small without a scheduled job)."""
    deleted, _by_model = SamlRequest.objects.filter(
        created__lt=timezone.now() - REQUEST_KEPT
    ).delete()
    return deleted


def fetch_metadata(url: str) -> str:
    """The metadata document at url; a Danish ServiceError when it cannot be fetched."""
    import requests

    try:
        answer = requests.get(url, timeout=30)
        answer.raise_for_status()
    except requests.RequestException as exc:
        raise ServiceError(
            errors={
                "metadata_url": [
                    _("Kunne ikke hente metadata fra %(url)s: %(e)s") % {"url": url, "e": exc}
                ]
            }
        ) from exc
    return answer.text


@transaction.atomic
def saml_metadata_refresh(*, actor, organisation) -> bool:
    """Fetch the IdP's metadata again from the stored URL (the IdP rolls its signing
    certificate). The new document must be valid and name the same IdP; otherwise a Danish
    ServiceError says why and nothing changes. Returns whether the metadata changed."""
    provider = (
        IdentityProvider.objects.select_for_update().filter(organisation=organisation).first()
    )
    if provider is None or provider.kind != "saml" or not provider.metadata_url:
        raise ServiceError(
            errors={
                "metadata_url": [
                    _(
                        "%(org)s har ingen SAML-identitetsudbyder med en metadata-adresse. "
                        "Sæt den op med »indsats org sso %(slug)s --saml-metadata URL«."
                    )
                    % {"org": organisation.name, "slug": organisation.slug}
                ]
            }
        )
    xml = fetch_metadata(provider.metadata_url)
    entity_id = metadata_entity_id(xml)
    if entity_id != provider.entity_id:
        raise ServiceError(
            errors={
                "metadata_xml": [
                    _(
                        "Metadata fra %(url)s beskriver en anden identitetsudbyder (%(new)s) end "
                        "den, der er sat op (%(old)s). Intet er ændret; er skiftet villet, så "
                        "sæt udbyderen op igen med --saml-metadata."
                    )
                    % {"url": provider.metadata_url, "new": entity_id, "old": provider.entity_id}
                ]
            }
        )
    check_metadata(xml)
    if xml == provider.metadata_xml:
        return False
    provider.metadata_xml = xml
    provider.save(update_fields=["metadata_xml", "updated_at"])
    audit(
        organisation=organisation,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=provider,
        changes={"metadata_xml": [None, f"fornyet fra {provider.metadata_url}"]},
    )
    return True


def _root(saml_response: str):
    import base64

    from defusedxml import ElementTree

    try:
        return ElementTree.fromstring(base64.b64decode(saml_response))
    except Exception:  # noqa: BLE001 - not a SAML document at all: pysaml2 says so below
        return None


def _in_response_to(saml_response: str) -> str:
    root = _root(saml_response)
    return root.get("InResponseTo", "") if root is not None else ""


def _expired_at(saml_response: str) -> str:
    """The earliest NotOnOrAfter in the response if it has passed (unverified: only used to
    word a refusal pysaml2 has already made), else ''."""
    root = _root(saml_response)
    if root is None:
        return ""
    now = timezone.now()
    for element in root.iter():
        stamp = element.get("NotOnOrAfter")
        if not stamp:
            continue
        try:
            when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            continue
        if when <= now:
            return stamp
    return ""


def _attributes(assertion) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for statement in assertion.attribute_statement or []:
        for attribute in statement.attribute:
            values = [v.text.strip() for v in attribute.attribute_value if v.text]
            for key in {attribute.name, attribute.friendly_name} - {None, ""}:
                result.setdefault(key, []).extend(values)
    return result


def _classify(exc: Exception) -> str:
    name = type(exc).__name__
    text = str(exc).lower()
    if "signature" in name.lower() or "signed" in name.lower() or "signature" in text:
        return _("Svaret fra identitetsudbyderen havde ikke en gyldig signatur.")
    if name in {"ResponseLifetimeExceed", "ToEarly"} or "lifetime" in text or "expired" in text:
        return _("Svaret fra identitetsudbyderen er udløbet. Log ind igen.")
    return _("Svaret fra identitetsudbyderen kunne ikke godkendes.")


def accept_response(request, provider: IdentityProvider, saml_response: str):
    """Check a POSTed SAMLResponse and return (user, membership, next_url)."""
    from saml2 import BINDING_HTTP_POST

    org = provider.organisation
    in_response_to = _in_response_to(saml_response)
    open_requests = {
        r.request_id: r.next_url
        for r in SamlRequest.objects.filter(
            provider=provider,
            used__isnull=True,
            created__gte=timezone.now() - REQUEST_LIFETIME,
        )
    }
    if in_response_to and in_response_to not in open_requests:
        if SamlRequest.objects.filter(
            provider=provider, request_id=in_response_to, used__isnull=False
        ).exists():
            raise SsoRefused(
                _("Dette login-svar er allerede brugt. Log ind igen."),
                f"org={org.slug}: replayed SAML response to request {in_response_to}",
            )
        raise SsoRefused(
            _("Login-svaret hører ikke til et login, Indsats har startet. Log ind igen."),
            f"org={org.slug}: SAML response to unknown or stale request {in_response_to!r}",
        )
    entity_id, acs = sp_urls(request, provider)
    saml_client = client(provider, entity_id=entity_id, acs=acs)
    try:
        response = saml_client.parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding=open_requests
        )
    except Exception as exc:  # noqa: BLE001 - pysaml2 has no common base class
        expired = _expired_at(saml_response)
        if expired and "signature" not in type(exc).__name__.lower():
            raise SsoRefused(
                _("Svaret fra identitetsudbyderen er udløbet. Log ind igen."),
                f"org={org.slug}: SAML response refused: expired (NotOnOrAfter={expired}): "
                f"{type(exc).__name__}: {exc}",
            ) from exc
        raise SsoRefused(
            _classify(exc),
            f"org={org.slug}: SAML response refused: {type(exc).__name__}: {exc}",
        ) from exc
    if response is None or response.assertion is None:
        raise SsoRefused(
            _("Svaret fra identitetsudbyderen kunne ikke godkendes."),
            f"org={org.slug}: SAML response without an assertion",
        )
    subject = response.name_id.text.strip() if response.name_id is not None else ""
    attributes = _attributes(response.assertion)

    def mark_answered() -> None:
        updated = SamlRequest.objects.filter(
            provider=provider, request_id=response.in_response_to, used__isnull=True
        ).update(used=timezone.now())
        if not updated:
            raise SsoRefused(
                _("Dette login-svar er allerede brugt. Log ind igen."),
                f"org={org.slug}: replayed SAML response to request {response.in_response_to}",
            )

    user, membership = sso_login_apply(
        provider=provider,
        subject=subject,
        name=(attributes.get(provider.name_attribute) or [""])[0],
        email=(attributes.get(provider.email_attribute) or [""])[0],
        role_values=(
            attributes.get(provider.role_attribute, []) if provider.role_attribute else []
        ),
        before=mark_answered,
    )
    return user, membership, open_requests.get(response.in_response_to, "")
