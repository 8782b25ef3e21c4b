"""Login, »Min konto«, password change and password reset by e-mail.

Django's own views do the work (and run AUTH_PASSWORD_VALIDATORS); these subclasses only
choose templates and write the audit row for a changed password."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from indsats.core.access import org_view
from indsats.core.models import AuditAction
from indsats.organisations.models import ADMINISTER, Membership


def _audit_password(user, *, how: str) -> None:
    from indsats.core.services import audit

    for m in Membership.objects.filter(user=user).select_related("organisation"):
        audit(
            organisation=m.organisation,
            actor=user,
            action=AuditAction.UPDATE,
            object_type="user",
            object_id=user.pk,
            object_repr=user.get_username(),
            changes={"password": [None, how]},
        )


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from .models import IdentityProvider

        context = super().get_context_data(**kwargs)
        context["sso_providers"] = IdentityProvider.objects.select_related("organisation").order_by(
            "organisation__name"
        )
        return context

    def form_valid(self, form):
        """Refuse a password login when every organisation of the user has switched local
        password login off (they log in through single sign-on)."""
        from .models import IdentityProvider

        user = form.get_user()
        orgs = set(Membership.objects.filter(user=user).values_list("organisation", flat=True))
        closed = set(
            IdentityProvider.objects.filter(
                organisation__in=orgs, password_login=False
            ).values_list("organisation", flat=True)
        )
        if orgs and orgs == closed:
            form.add_error(None, _("Din organisation logger ind via single sign-on."))
            self.password_login_closed = True
            return self.form_invalid(form)
        return super().form_valid(form)


@login_required
def account(request):
    from .two_factor import has_two_factor

    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    return render(
        request,
        "accounts/account.html",
        {"memberships": memberships, "two_factor": has_two_factor(request.user)},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        _audit_password(self.request.user, how="changed")
        messages.success(self.request, _("Din adgangskode er skiftet."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        _audit_password(form.user, how="reset by e-mail")
        messages.success(self.request, _("Din nye adgangskode er gemt. Log ind med den."))
        return response


class NewUserForm(forms.Form):
    username = forms.CharField(
        label=_l("Brugernavn"), max_length=150, help_text=_l("Fx »mette.hansen«.")
    )
    first_name = forms.CharField(label=_l("Fornavn"), max_length=150, required=False)
    last_name = forms.CharField(label=_l("Efternavn"), max_length=150, required=False)
    password = forms.CharField(
        label=_l("Adgangskode"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_l("Mindst 8 tegn; ikke kun tal og ikke en almindelig adgangskode."),
    )
    password2 = forms.CharField(
        label=_l("Gentag adgangskoden"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("De to adgangskoder er ikke ens."))
        return data


def invitation(request, token: str):
    """The link in an invitation e-mail: accept as the logged-in user, or create a user."""
    from indsats.core.forms import submit
    from indsats.core.services import ServiceError
    from indsats.organisations import services as org_services

    invite = org_services.invitation_for_token(token)
    if invite is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = None
    status = 200
    if request.method == "POST" and request.user.is_authenticated:
        try:
            org_services.invitation_accept(invitation=invite, user=request.user)
        except ServiceError:  # used meanwhile, in another tab
            return render(request, "accounts/invitation_invalid.html", status=404)
        messages.success(
            request,
            _("Du er nu medlem af %(org)s.") % {"org": invite.organisation.name},
        )
        return redirect("home")
    if not request.user.is_authenticated:
        form = NewUserForm(request.POST or None)

        def save():
            data = form.cleaned_data
            return org_services.invitation_accept_new_user(
                invitation=invite,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password"],
            )

        result = submit(request, form, save)
        if result.saved:
            messages.success(
                request,
                _("Din bruger er oprettet, og du er medlem af %(org)s. Log ind.")
                % {"org": invite.organisation.name},
            )
            return redirect("login")
        status = result.status
    return render(
        request,
        "accounts/invitation.html",
        {
            "invitation": invite,
            "form": form,
            "login_url": f"{resolve_url('login')}?{urlencode({'next': request.path})}",
        },
        status=status,
    )


def _next_url(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return resolve_url("home")


@login_required
def otp_setup(request):
    """Set up two-factor: scan the QR code, type a code, get the recovery codes once."""
    import django_otp

    from . import two_factor

    device = two_factor.totp_device_for_setup(request.user)
    error = ""
    if request.method == "POST":
        codes = two_factor.two_factor_enrol(
            user=request.user, device=device, code=request.POST.get("code", "")
        )
        if codes is not None:
            django_otp.login(request, device)
            request.session.pop(two_factor.SESSION_KEY, None)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        error = _(
            "Koden passer ikke. Skriv de seks cifre, appen viser lige nu, fx 123456; "
            "tjek at telefonens ur går rigtigt."
        )
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "qr": two_factor.qr_svg(device),
            "secret": device.config_url.split("secret=")[1].split("&")[0],
            "error": error,
            "required": request.session.get(two_factor.SESSION_KEY) == "enrol",
            "next": _next_url(request),
        },
        status=400 if error else 200,
    )


@login_required
def otp_verify(request):
    """The second step of a login: a code from the app, or a recovery code."""
    import django_otp

    from . import two_factor

    if request.session.get(two_factor.SESSION_KEY) != "verify":
        return redirect(_next_url(request))
    error = ""
    if request.method == "POST":
        device = two_factor.two_factor_check(user=request.user, code=request.POST.get("code", ""))
        if device is not None:
            django_otp.login(request, device)
            request.session.pop(two_factor.SESSION_KEY, None)
            return redirect(_next_url(request))
        error = _(
            "Koden passer ikke. Skriv de seks cifre fra appen, eller en af dine "
            "gendannelseskoder (otte cifre)."
        )
    return render(
        request,
        "accounts/otp_verify.html",
        {"error": error, "next": _next_url(request)},
        status=400 if error else 200,
    )


@login_required
def recovery_codes_new(request):
    from . import two_factor

    if request.method != "POST" or not two_factor.has_two_factor(request.user):
        return redirect("accounts:account")
    codes = two_factor.recovery_codes_renew(user=request.user)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": resolve_url("accounts:account")},
    )


def _sso_provider(slug: str, kind: str = ""):
    from django.http import Http404

    from .models import IdentityProvider

    provider = (
        IdentityProvider.objects.select_related("organisation")
        .filter(organisation__slug=slug)
        .first()
    )
    if provider is None or (kind and provider.kind != kind):
        raise Http404
    return provider


def _sso_refused(request, provider, exc):
    """The one answer to a refused single sign-on login: a Danish 403 page for the person and
    one precise warning on logger indsats.accounts.sso."""
    import logging

    logging.getLogger("indsats.accounts.sso").warning("%s", exc)
    return render(
        request,
        "accounts/sso_refused.html",
        {"message": exc.user_message, "organisation": provider.organisation},
        status=403,
    )


def _sso_logged_in(request, user, next_url: str, method: str):
    from django.contrib.auth import login

    request.indsats_login_method = method
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(next_url or resolve_url("home"))


def sso_login(request, slug: str):
    """Start a login at the organisation's identity provider: a SAML AuthnRequest
    (HTTP-Redirect binding) or an OpenID Connect authorization request."""
    from . import oidc, saml
    from .models import IdentityProviderKind

    provider = _sso_provider(slug)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    try:
        if provider.kind == IdentityProviderKind.OIDC:
            return redirect(oidc.login_redirect(request, provider, next_url))
        return redirect(saml.login_request(request, provider, next_url))
    except saml.SsoRefused as exc:
        return _sso_refused(request, provider, exc)


@csrf_exempt
@require_POST
def sso_acs(request, slug: str):
    """The assertion consumer service: the IdP POSTs the signed response here."""
    from . import saml
    from .models import IdentityProviderKind

    provider = _sso_provider(slug, kind=IdentityProviderKind.SAML)
    try:
        user, membership, next_url = saml.accept_response(
            request, provider, request.POST.get("SAMLResponse", "")
        )
    except saml.SsoRefused as exc:
        return _sso_refused(request, provider, exc)
    return _sso_logged_in(request, user, next_url, "saml")


def sso_oidc_callback(request, slug: str):
    """The OpenID Connect redirect URI: the provider sends the browser back here with a code."""
    from . import oidc
    from .models import IdentityProviderKind

    provider = _sso_provider(slug, kind=IdentityProviderKind.OIDC)
    try:
        user, membership, next_url = oidc.accept_callback(request, provider)
    except oidc.SsoRefused as exc:
        return _sso_refused(request, provider, exc)
    return _sso_logged_in(request, user, next_url, "oidc")


def sso_metadata(request, slug: str):
    """The service provider's metadata, for the IdP administrator."""
    from django.http import HttpResponse
    from saml2.metadata import entity_descriptor

    from . import saml
    from .models import IdentityProviderKind

    provider = _sso_provider(slug, kind=IdentityProviderKind.SAML)
    entity_id, acs = saml.sp_urls(request, provider)
    config = saml.client(provider, entity_id=entity_id, acs=acs).config
    return HttpResponse(str(entity_descriptor(config)), content_type="application/samlmetadata+xml")


class IdentityProviderForm(forms.Form):
    metadata_xml = forms.CharField(
        label=_l("IdP-metadata (XML)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_l("Hent den fra IdP'en (Entra ID: »Federation Metadata XML«)."),
    )
    metadata_url = forms.URLField(
        label=_l("metadata-adresse"), required=False, assume_scheme="https"
    )
    name_attribute = forms.CharField(label=_l("attribut for navn"), initial="displayName")
    email_attribute = forms.CharField(label=_l("attribut for e-mail"), initial="mail")
    role_attribute = forms.CharField(label=_l("attribut for rolle"), required=False)
    role_map = forms.CharField(
        label=_l("rolleoversættelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_l("Én linje pr. værdi: »IdP-værdi = rolle«, fx »Indsats-admin = admin«."),
    )
    default_role = forms.ChoiceField(label=_l("standardrolle"), required=False, choices=())
    password_login = forms.BooleanField(
        label=_l("lokalt login med adgangskode tilladt"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        from indsats.organisations.models import Role

        super().__init__(*args, **kwargs)
        self.fields["default_role"].choices = [("", _("(ingen – afvis)")), *Role.choices]


@org_view(roles=ADMINISTER)
def sso_settings(request, org):
    """The organisation's identity provider (administrators only)."""
    from indsats.core.forms import submit

    from . import saml
    from .models import IdentityProvider

    provider = IdentityProvider.objects.filter(organisation=org).first()
    initial = {}
    if provider is not None and provider.kind == "saml":
        initial = {
            "metadata_xml": provider.metadata_xml,
            "metadata_url": provider.metadata_url,
            "name_attribute": provider.name_attribute,
            "email_attribute": provider.email_attribute,
            "role_attribute": provider.role_attribute,
            "role_map": "\n".join(f"{k} = {v}" for k, v in provider.role_map.items()),
            "default_role": provider.default_role,
            "password_login": provider.password_login,
        }
    form = IdentityProviderForm(request.POST or None, initial=initial)

    def save():
        data = dict(form.cleaned_data)
        data["role_map"] = saml.parse_role_map(data["role_map"])
        return saml.identity_provider_save(actor=request.user, organisation=org, **data)

    result = submit(request, form, save)
    if result.saved:
        messages.success(request, _("Single sign-on er gemt."))
        return redirect("organisations:sso", org=org.slug)
    urls = {
        "metadata": request.build_absolute_uri(resolve_url("accounts:sso_metadata", org.slug)),
        "acs": request.build_absolute_uri(resolve_url("accounts:sso_acs", org.slug)),
        "login": request.build_absolute_uri(resolve_url("accounts:sso_login", org.slug)),
    }
    return render(
        request,
        "accounts/sso_settings.html",
        {
            "form": form,
            "provider": provider,
            "org": org,
            "heading": _("Single sign-on med SAML 2.0"),
            "in_use": provider.get_kind_display() if provider and provider.kind != "saml" else "",
            "switch_url": resolve_url("organisations:sso_oidc", org=org.slug),
            "switch_text": _("Bruger jeres identitetsudbyder OpenID Connect? Sæt det op her."),
            "sp_fields": [
                (_("Indsats' metadata og entity id"), urls["metadata"]),
                (_("Svaradresse (ACS, HTTP-POST)"), urls["acs"]),
                (_("Log ind-adresse"), urls["login"]),
                *(
                    [(_("Identitetsudbyder"), provider.entity_id)]
                    if provider and provider.kind == "saml"
                    else []
                ),
            ],
        },
        status=result.status,
    )


class OidcProviderForm(IdentityProviderForm):
    """The OpenID Connect provider: issuer, client, claims; role map etc. as for SAML."""

    issuer = forms.CharField(
        label=_l("udsteder (issuer)"),
        help_text=_l(
            "Udstederen eller dens discovery-adresse, fx "
            "»https://login.microsoftonline.com/<tenant-id>/v2.0«."
        ),
    )
    client_id = forms.CharField(label=_l("klient-id"))
    client_secret = forms.CharField(
        label=_l("klienthemmelighed"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_l(
            "Vises aldrig igen efter at være gemt. Lad feltet stå tomt for at beholde den."
        ),
    )
    scopes = forms.CharField(label=_l("scopes"), initial="openid profile email")
    field_order = ["issuer", "client_id", "client_secret", "scopes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("metadata_xml", "metadata_url"):
            del self.fields[name]
        self.fields["name_attribute"].label = _("claim for navn")
        self.fields["name_attribute"].initial = "name"
        self.fields["email_attribute"].label = _("claim for e-mail")
        self.fields["email_attribute"].initial = "email"
        self.fields["role_attribute"].label = _("claim for rolle")
        self.fields["role_attribute"].help_text = _(
            "Fx »roles« (Entra ID's app-roller) eller »groups«."
        )


@org_view(roles=ADMINISTER)
def sso_oidc_settings(request, org):
    """The organisation's OpenID Connect provider (administrators only)."""
    from indsats.core.forms import submit

    from . import oidc
    from .models import IdentityProvider, IdentityProviderKind
    from .sso import parse_role_map

    provider = IdentityProvider.objects.filter(organisation=org).first()
    oidc_provider = provider if provider and provider.kind == IdentityProviderKind.OIDC else None
    initial = {}
    if oidc_provider is not None:
        initial = {
            "issuer": oidc_provider.issuer,
            "client_id": oidc_provider.client_id,
            "scopes": oidc_provider.scopes,
            "name_attribute": oidc_provider.name_attribute,
            "email_attribute": oidc_provider.email_attribute,
            "role_attribute": oidc_provider.role_attribute,
            "role_map": "\n".join(f"{k} = {v}" for k, v in oidc_provider.role_map.items()),
            "default_role": oidc_provider.default_role,
            "password_login": oidc_provider.password_login,
        }
    form = OidcProviderForm(request.POST or None, initial=initial)

    def save():
        data = dict(form.cleaned_data)
        data["role_map"] = parse_role_map(data["role_map"])
        return oidc.oidc_provider_save(actor=request.user, organisation=org, **data)

    result = submit(request, form, save)
    if result.saved:
        messages.success(request, _("Single sign-on er gemt."))
        return redirect("organisations:sso_oidc", org=org.slug)
    callback = request.build_absolute_uri(resolve_url("accounts:sso_oidc_callback", org.slug))
    login_url = request.build_absolute_uri(resolve_url("accounts:sso_login", org.slug))
    return render(
        request,
        "accounts/sso_settings.html",
        {
            "form": form,
            "provider": oidc_provider,
            "org": org,
            "heading": _("Single sign-on med OpenID Connect"),
            "in_use": provider.get_kind_display() if provider and not oidc_provider else "",
            "switch_url": resolve_url("organisations:sso", org=org.slug),
            "switch_text": _("Bruger jeres identitetsudbyder SAML 2.0? Sæt det op her."),
            "sp_fields": [
                (_("Omdirigerings-URI (redirect URI)"), callback),
                (_("Log ind-adresse"), login_url),
                *(
                    [(_("Nuværende klienthemmelighed"), _("gemt (vises ikke)"))]
                    if oidc_provider and oidc_provider.client_secret_encrypted
                    else []
                ),
            ],
        },
        status=result.status,
    )
