"""Form fields that read and show numbers the Danish way."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from indsats.calc.danish import AmountParseError, format_number, parse_amount, parse_number


def _danish(value: Decimal) -> str:
    value = Decimal(value)
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(value, min(decimals, 4))


class DanishDecimalField(forms.CharField):
    """A number written the Danish way: ``201,60``, ``1.008.000``, ``7,339 mio.``"""

    money = False

    def __init__(self, *, min_value: Decimal | None = Decimal(0), **kwargs):
        self.min_value = min_value
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int):
            return _danish(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            number = parse_amount(value) if self.money else parse_number(value)
        except AmountParseError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if self.min_value is not None and number < self.min_value:
            raise forms.ValidationError(
                _("»%(value)s« er mindre end %(min)s; tallet må ikke være negativt.")
                % {"value": value, "min": _danish(self.min_value)}
            )
        return number


class DanishMoneyField(DanishDecimalField):
    """An amount in kroner, in whole øre: ``1.008.000 kr.``"""

    money = True


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1990)
        kwargs.setdefault("max_value", 2100)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Skriv et årstal med fire cifre, fx 2026."),
                "min_value": _("Årstallet skal ligge mellem 1990 og 2100."),
                "max_value": _("Årstallet skal ligge mellem 1990 og 2100."),
            },
        )
        super().__init__(**kwargs)


def apply_service_errors(form: forms.BaseForm, exc) -> None:
    """Put a ServiceError's messages on the form's fields (or the form as a whole)."""
    for field, messages in exc.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


@dataclass
class Submission:
    """What became of a submitted form: ``saved`` with the service's ``result``, or not saved
    with the HTTP status to render the form with (400 bad input, 409 someone else saved first)."""

    saved: bool
    status: int = 200
    result: object = None
    conflict: bool = False


def submit(request, form: forms.BaseForm, save) -> Submission:
    """The one way a view runs a form through a service: validate, call ``save()``, and put a
    ServiceError's messages on the form (400) or a ConflictError's explanation on top (409),
    keeping everything the user typed. A GET is simply not saved (200)."""
    from .services import ConflictError, ServiceError

    if request.method != "POST":
        return Submission(saved=False)
    if not form.is_valid():
        return Submission(saved=False, status=400)
    try:
        return Submission(saved=True, result=save())
    except ConflictError as exc:
        form.add_error(None, exc.messages[0])
        return Submission(saved=False, status=409, conflict=True)
    except ServiceError as exc:
        apply_service_errors(form, exc)
        return Submission(saved=False, status=400)
