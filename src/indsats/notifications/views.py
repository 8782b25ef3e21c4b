"""A user's e-mail settings (language, which kinds), and the administrator's list of sent,
waiting and refused e-mails."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indsats.core.access import org_view
from indsats.core.forms import submit
from indsats.organisations.models import ADMINISTER

from . import services
from .mail import preference_for
from .models import MailKind, MailState, OutgoingMail


class PreferenceForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Sprog i e-mails"), choices=[("da", "Dansk"), ("en", "English")]
    )
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Send mig disse e-mails"),
        choices=MailKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


@login_required
def mail_settings(request):
    pref = preference_for(request.user)
    initial = {
        "language": pref.language if pref else getattr(request, "LANGUAGE_CODE", "da"),
        "kinds": [k for k in MailKind.values if not pref or k not in pref.opted_out],
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    result = submit(
        request,
        form,
        lambda: services.mail_preference_set(
            user=request.user,
            language=form.cleaned_data["language"],
            wanted=form.cleaned_data["kinds"],
        ),
    )
    if result.saved:
        messages.success(request, _("Dine valg for e-mails er gemt."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form}, status=result.status)


@org_view(roles=ADMINISTER)
def mail_log(request, org):
    """E-mails sent to the organisation's members: refused and waiting first."""
    mails = list(
        OutgoingMail.objects.filter(organisation=org)
        .select_related("user")
        .order_by("-created_at", "-id")[:300]
    )
    problems = [m for m in mails if m.state != MailState.SENT]
    return render(
        request,
        "notifications/mail_log.html",
        {"mails": mails, "problems": problems},
    )
