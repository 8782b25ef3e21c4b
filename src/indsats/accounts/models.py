"""Single sign-on: one identity provider per organisation, the users it has brought in, and the
authentication requests Indsats has sent (so a response answers exactly one of them, once)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from indsats.core.models import TimeStamped


class IdentityProviderKind(models.TextChoices):
    SAML = "saml", _("SAML 2.0")
    OIDC = "oidc", _("OpenID Connect")


class IdentityProvider(TimeStamped):
    """An organisation's identity provider, SAML 2.0 or OpenID Connect. For SAML, attribute
    names are matched against both the attribute Name and its FriendlyName; for OpenID Connect
    they are claim names in the ID token. The OIDC client secret is stored encrypted
    (accounts.secrets) and never shown again after saving."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="identity_provider"
    )
    kind = models.CharField(
        _("type"),
        max_length=10,
        choices=IdentityProviderKind.choices,
        default=IdentityProviderKind.SAML,
    )
    entity_id = models.CharField(_("IdP'ens entity id"), max_length=500, blank=True)
    metadata_xml = models.TextField(_("IdP-metadata (XML)"), blank=True)
    metadata_url = models.URLField(_("metadata-adresse"), max_length=500, blank=True)
    issuer = models.URLField(_("udsteder (issuer)"), max_length=500, blank=True)
    client_id = models.CharField(_("klient-id"), max_length=300, blank=True)
    client_secret_encrypted = models.TextField(blank=True)
    scopes = models.CharField(
        _("scopes"), max_length=300, blank=True, default="openid profile email"
    )
    name_attribute = models.CharField(_("attribut for navn"), max_length=200, default="displayName")
    email_attribute = models.CharField(_("attribut for e-mail"), max_length=200, default="mail")
    role_attribute = models.CharField(
        _("attribut for rolle"), max_length=200, blank=True, default="groups"
    )
    role_map = models.JSONField(
        _("rolleoversættelse"),
        default=dict,
        blank=True,
        help_text=_("IdP-værdi → rolle i Indsats."),
    )
    default_role = models.CharField(
        _("standardrolle"),
        max_length=20,
        blank=True,
        help_text=_("Rollen, når IdP'en ikke sender nogen rolle. Tom: den slags logins afvises."),
    )
    password_login = models.BooleanField(
        _("lokalt login med adgangskode tilladt"),
        default=True,
        help_text=_("Slået fra: organisationens medlemmer kan kun logge ind via single sign-on."),
    )

    def __str__(self) -> str:
        return f"{self.organisation.slug}: {self.issuer or self.entity_id}"


class SsoAccount(TimeStamped):
    """The link between an IdP's subject (NameID) and an Indsats user."""

    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="accounts"
    )
    subject = models.CharField(max_length=500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_accounts"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="sso_account_unique")
        ]

    def __str__(self) -> str:
        return self.subject


class SamlRequest(models.Model):
    """An AuthnRequest Indsats sent. The response must answer one that is open and recent; it
    is then marked used, so the same response posted again is refused as a replay."""

    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="requests"
    )
    request_id = models.CharField(max_length=100, unique=True)
    next_url = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    used = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.request_id
