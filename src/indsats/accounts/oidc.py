"""OpenID Connect single sign-on with Authlib's Django client: authorization code flow with
PKCE (S256), state and nonce; the provider's endpoints and keys come from its discovery
document and JWKS; the ID token's signature, issuer, audience, lifetime and nonce are checked
by Authlib before anything is applied. Applying the login (role map, just-in-time user and
membership, role update) is accounts.sso's, shared with SAML. Every refusal raises SsoRefused;
nothing is created then."""

from __future__ import annotations

import ipaddress
import time
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from indsats.core.services import ServiceError

from . import secrets
from .models import IdentityProvider, IdentityProviderKind
from .sso import SsoRefused, identity_provider_write, login_settings, sso_login_apply

TIMEOUT_SECONDS = 10
# The provider's discovery document and JWKS are kept this long per organisation (Django's
# cache) instead of being fetched at every login; a key id the kept JWKS does not know makes
# Authlib fetch the JWKS again at once (key rotation). Saving the settings starts afresh.
METADATA_CACHE_SECONDS = 3600
DISCOVERY_PATH = "/.well-known/openid-configuration"
# Clock skew allowed on the ID token's exp/iat (Authlib's default is 120 s).
LEEWAY_SECONDS = 60


def discovery_url(issuer: str) -> str:
    issuer = issuer.rstrip("/")
    return issuer if issuer.endswith(DISCOVERY_PATH) else issuer + DISCOVERY_PATH


def issuer_from(url: str) -> str:
    """The issuer for what an administrator typed: the issuer or its discovery address."""
    url = url.strip().rstrip("/")
    return url[: -len(DISCOVERY_PATH)] if url.endswith(DISCOVERY_PATH) else url


def _local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def fetch_discovery(issuer: str) -> dict:
    """The provider's discovery document, checked; a Danish ServiceError says what is wrong."""
    import requests

    url = discovery_url(issuer)
    try:
        answer = requests.get(url, timeout=TIMEOUT_SECONDS)
        answer.raise_for_status()
        document = answer.json()
    except (requests.RequestException, ValueError) as exc:
        raise ServiceError(
            errors={
                "issuer": [
                    _(
                        "Kunne ikke hente udbyderens OpenID-konfiguration fra %(url)s (%(e)s). "
                        "Tjek udstederen, fx »https://login.microsoftonline.com/"
                        "<tenant-id>/v2.0«."
                    )
                    % {"url": url, "e": exc}
                ]
            }
        ) from exc
    missing = [
        key
        for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        if not isinstance(document, dict) or not document.get(key)
    ]
    if missing:
        raise ServiceError(
            errors={
                "issuer": [
                    _("Udbyderens OpenID-konfiguration (%(url)s) mangler %(keys)s.")
                    % {"url": url, "keys": ", ".join(missing)}
                ]
            }
        )
    if document["issuer"].rstrip("/") != issuer.rstrip("/"):
        raise ServiceError(
            errors={
                "issuer": [
                    _(
                        "Udbyderen kalder sig %(theirs)s, ikke %(ours)s. Skriv udstederen "
                        "præcis som i udbyderens konfiguration."
                    )
                    % {"theirs": document["issuer"], "ours": issuer}
                ]
            }
        )
    return document


@transaction.atomic
def oidc_provider_save(
    *,
    actor,
    organisation,
    issuer: str,
    client_id: str,
    client_secret: str = "",
    scopes: str = "openid profile email",
    name_attribute: str = "name",
    email_attribute: str = "email",
    role_attribute: str = "",
    role_map: dict[str, str] | None = None,
    default_role: str = "",
    password_login: bool = True,
) -> IdentityProvider:
    """Set the organisation's identity provider to an OpenID Connect provider. A blank
    client_secret keeps the stored one. The discovery document is fetched and checked."""
    issuer = issuer_from(issuer)
    errors: dict[str, list[str]] = {}
    parts = urlsplit(issuer)
    if parts.scheme != "https" and not (parts.scheme == "http" and _local(parts.hostname or "")):
        errors["issuer"] = [
            _(
                "Udstederen skal være en https-adresse, fx "
                "»https://login.microsoftonline.com/<tenant-id>/v2.0«."
            )
        ]
    if not client_id.strip():
        errors["client_id"] = [_("Skriv klient-id'et (Entra ID: »Application (client) ID«).")]
    if "openid" not in scopes.split():
        errors["scopes"] = [_("Scopes skal indeholde »openid«, fx »openid profile email«.")]
    shared, shared_errors = login_settings(
        name_attribute=name_attribute,
        email_attribute=email_attribute,
        role_attribute=role_attribute,
        role_map=role_map,
        default_role=default_role,
        password_login=password_login,
    )
    errors.update(shared_errors)
    before = IdentityProvider.objects.filter(organisation=organisation).first()
    keep_secret = (
        before is not None
        and before.kind == IdentityProviderKind.OIDC
        and bool(before.client_secret_encrypted)
    )
    if not client_secret and not keep_secret:
        errors["client_secret"] = [_("Skriv klienthemmeligheden (Entra ID: »Client secret«).")]
    if errors:
        raise ServiceError(errors=errors)
    document = fetch_discovery(issuer)
    values = {
        "kind": IdentityProviderKind.OIDC,
        "issuer": issuer,
        "client_id": client_id.strip(),
        "scopes": " ".join(scopes.split()),
        "entity_id": "",
        "metadata_xml": "",
        "metadata_url": "",
        **shared,
    }
    if client_secret:
        values["client_secret_encrypted"] = secrets.encrypt(client_secret)
    provider = identity_provider_write(
        actor=actor, organisation=organisation, values=values, secret_changed=bool(client_secret)
    )
    if before is not None:
        cache.delete(_metadata_key(before))
    # The document just fetched and checked serves the next logins; the JWKS is fetched anew.
    _metadata_remember(provider, {**document, "_loaded_at": time.time()})
    return provider


def _metadata_key(provider: IdentityProvider) -> str:
    """Per organisation and per saved version of its settings (a save changes updated_at)."""
    stamp = provider.updated_at.timestamp() if provider.updated_at else ""
    return f"indsats:oidc-metadata:{provider.organisation_id}:{provider.pk}:{stamp}"


def _metadata_remember(provider: IdentityProvider, metadata: dict) -> None:
    """Keep the discovery document (with the JWKS once fetched) until an hour after the
    document was fetched; unchanged metadata is not written again."""
    if "_loaded_at" not in metadata:
        return  # discovery failed: nothing to keep
    key = _metadata_key(provider)
    left = METADATA_CACHE_SECONDS - (time.time() - metadata["_loaded_at"])
    if left >= 1 and cache.get(key) != metadata:
        cache.set(key, dict(metadata), timeout=int(left))


def _client(provider: IdentityProvider):
    from authlib.integrations.django_client import OAuth

    org = provider.organisation
    try:
        secret = secrets.decrypt(provider.client_secret_encrypted)
    except secrets.SecretUnreadable as exc:
        raise SsoRefused(
            _("Single sign-on er ikke sat rigtigt op. Kontakt din administrator."),
            f"org={org.slug}: the stored OIDC client secret cannot be decrypted with "
            "INDSATS_SECRET_KEY (rotated?); enter it again on the settings page",
        ) from exc
    client = OAuth().register(
        name=f"oidc-{org.slug}",
        client_id=provider.client_id,
        client_secret=secret,
        server_metadata_url=discovery_url(provider.issuer),
        client_kwargs={
            "scope": provider.scopes,
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT_SECONDS,
        },
    )
    kept = cache.get(_metadata_key(provider))
    if kept:
        # Authlib fetches the discovery document only without "_loaded_at", the JWKS only
        # without "jwks" or when the ID token names a key id the JWKS lacks.
        client.server_metadata.update(kept)
    return client


def callback_url(request, provider: IdentityProvider) -> str:
    return request.build_absolute_uri(
        reverse("accounts:sso_oidc_callback", args=[provider.organisation.slug])
    )


def login_redirect(request, provider: IdentityProvider, next_url: str) -> str:
    """The provider's authorization URL for a new login; state, nonce, the PKCE verifier and
    next_url are kept in the session under the state."""
    import requests

    client = _client(provider)
    redirect_uri = callback_url(request, provider)
    try:
        data = client.create_authorization_url(redirect_uri)
    except (requests.RequestException, ValueError, RuntimeError) as exc:
        raise SsoRefused(
            _("Identitetsudbyderen svarer ikke. Prøv igen om lidt."),
            f"org={provider.organisation.slug}: OIDC discovery failed: {type(exc).__name__}: {exc}",
        ) from exc
    _metadata_remember(provider, client.server_metadata)
    client.save_authorize_data(request, redirect_uri=redirect_uri, next_url=next_url, **data)
    return data["url"]


def _refusal_for(exc: Exception) -> str:
    from joserfc import errors as jose

    if isinstance(exc, jose.BadSignatureError | jose.InvalidKeyIdError | jose.DecodeError):
        return _("Svaret fra identitetsudbyderen havde ikke en gyldig signatur.")
    if isinstance(exc, jose.ExpiredTokenError):
        return _("Svaret fra identitetsudbyderen er udløbet. Log ind igen.")
    return _("Svaret fra identitetsudbyderen kunne ikke godkendes.")


def _values(claims: dict, name: str) -> list[str]:
    value = claims.get(name) if name else None
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def accept_callback(request, provider: IdentityProvider):
    """Check the provider's answer at the callback and return (user, membership, next_url)."""
    import requests
    from authlib.integrations.base_client import OAuthError
    from joserfc.errors import JoseError

    org = provider.organisation
    if request.GET.get("error"):
        raise SsoRefused(
            _("Identitetsudbyderen afviste login (%(error)s). Log ind igen.")
            % {"error": request.GET.get("error_description") or request.GET["error"]},
            f"org={org.slug}: OIDC provider answered error={request.GET['error']!r} "
            f"description={request.GET.get('error_description', '')!r}",
        )
    client = _client(provider)
    state = request.GET.get("state", "")
    data = client.framework.get_state_data(request.session, state) if state else None
    if not data:
        raise SsoRefused(
            _("Login-svaret hører ikke til et login, Indsats har startet. Log ind igen."),
            f"org={org.slug}: OIDC callback with unknown or used state {state!r}",
        )
    try:
        token = client.authorize_access_token(request, leeway=LEEWAY_SECONDS)
    except (JoseError, OAuthError, requests.RequestException, ValueError) as exc:
        raise SsoRefused(
            _refusal_for(exc),
            f"org={org.slug}: OIDC login refused: {type(exc).__name__}: {exc}",
        ) from exc
    finally:
        _metadata_remember(provider, client.server_metadata)  # a JWKS fetched is kept
    claims = dict(token.get("userinfo") or {})
    if not claims:
        raise SsoRefused(
            _("Svaret fra identitetsudbyderen kunne ikke godkendes."),
            f"org={org.slug}: OIDC token answer without an ID token",
        )
    subject = str(claims.get("sub", ""))
    user, membership = sso_login_apply(
        provider=provider,
        subject=subject,
        name=(_values(claims, provider.name_attribute) or [""])[0],
        email=(_values(claims, provider.email_attribute) or [""])[0],
        role_values=_values(claims, provider.role_attribute),
    )
    return user, membership, data.get("next_url", "")
