"""Every error the API answers with has one shape: ``{"detail": [{"field": ..., "message": ...}]}``.

``field`` names the input field the message is about ('' for the request as a whole); the
message is a full Danish sentence. This module holds the exceptions routers raise and the
handlers that turn them, the services' errors and django-ninja's own errors into that shape.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from indsats.calc.costs import CostModelError
from indsats.core.services import ConflictError, InUseError, PermissionDeniedError, ServiceError


class ApiError(Exception):
    status = 400

    def __init__(self, message: str, field: str = ""):
        self.message = message
        self.field = field
        super().__init__(message)


class NotFound(ApiError):
    status = 404


class Forbidden(ApiError):
    status = 403


class Conflict(ApiError):
    status = 409


def detail(*pairs: tuple[str, str]) -> dict[str, list[dict[str, str]]]:
    return {"detail": [{"field": field, "message": message} for field, message in pairs]}


def service_error_detail(exc: ServiceError, rename: dict[str, str] | None = None) -> dict:
    rename = rename or {}
    pairs = []
    for field, messages in exc.errors.items():
        name = "" if field in ("", "__all__") else rename.get(field, field)
        pairs.extend((name, str(m)) for m in messages)
    return detail(*pairs)


def stale_version(noun: str, sent: int, current: int) -> Conflict:
    return Conflict(
        _(
            "%(noun)s er ændret af en anden, siden du hentede den: du sendte version %(sent)d, men "
            "den gemte udgave er version %(current)d. Intet er gemt. Hent den nyeste udgave, og "
            "send dine ændringer igen med dens version."
        )
        % {"noun": noun, "sent": sent, "current": current},
        field="version",
    )


# --- 422: pydantic's errors in Danish ------------------------------------------------------

# An indicator value in the API: '.' as decimal mark, optionally the unit's sign.
INDICATOR_VALUE_PATTERN = r"^-?\d{1,12}(\.\d{1,4})?\s*(%|kr\.?)?$"


def _field_path(loc: tuple[Any, ...]) -> str:
    """``("body", "payload", "factors", 0, "value")`` -> ``factors[0].value``."""
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 1 else []
    elif parts and parts[0] in ("query", "path", "header", "cookie", "form"):
        parts = parts[1:]
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out


def _message(error: dict[str, Any], field: str) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    name = {"field": field}
    if kind.startswith("indsats_"):
        return _("Feltet »%(field)s« %(msg)s") % {"field": field, "msg": error.get("msg", "")}
    if kind == "missing":
        return _("Feltet »%(field)s« mangler.") % name
    if kind == "extra_forbidden":
        return (
            _(
                "Feltet »%(field)s« findes ikke her. Tjek stavningen; kendte felter står i API-dokumentationen."
            )
            % name
        )
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Feltet »%(field)s« skal være et helt tal.") % name
    if kind == "greater_than_equal":
        return _("Feltet »%(field)s« skal være mindst %(ge)s.") % {**name, "ge": ctx.get("ge")}
    if kind == "greater_than":
        return _("Feltet »%(field)s« skal være større end %(gt)s.") % {**name, "gt": ctx.get("gt")}
    if kind == "less_than_equal":
        return _("Feltet »%(field)s« må højst være %(le)s.") % {**name, "le": ctx.get("le")}
    if kind == "less_than":
        return _("Feltet »%(field)s« skal være mindre end %(lt)s.") % {**name, "lt": ctx.get("lt")}
    if kind == "string_type":
        return _("Feltet »%(field)s« skal være tekst.") % name
    if kind == "string_too_short":
        return _("Feltet »%(field)s« må ikke være tomt.") % name
    if kind == "string_too_long":
        return _("Feltet »%(field)s« må højst være %(n)s tegn.") % {
            **name,
            "n": ctx.get("max_length"),
        }
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == INDICATOR_VALUE_PATTERN:
            return (
                _(
                    "Feltet »%(field)s« skal være et tal med punktum som decimaltegn og uden "
                    'tusindtalsseparator, eventuelt efterfulgt af enheden, fx "22.5", '
                    '"22.5%%" eller "4500 kr.".'
                )
                % name
            )
        return _("Feltet »%(field)s« har en ugyldig form.") % name
    if kind in ("enum", "literal_error"):
        return _("Feltet »%(field)s« skal være en af: %(expected)s.") % {
            **name,
            "expected": ctx.get("expected", ""),
        }
    if kind in ("bool_parsing", "bool_type"):
        return _("Feltet »%(field)s« skal være true eller false.") % name
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Feltet »%(field)s« skal være en dato som ÅÅÅÅ-MM-DD, fx 2026-01-01.") % name
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Feltet »%(field)s« skal være en liste.") % name
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if not field:
            return _("Indholdet skal være et JSON-objekt.")
        return _("Feltet »%(field)s« skal være et objekt.") % name
    return _("Feltet »%(field)s« har en ugyldig værdi.") % name


def validation_detail(errors: list[dict[str, Any]]) -> dict:
    pairs = []
    for error in errors:
        field = _field_path(tuple(error.get("loc", ())))
        pairs.append((field, _message(error, field)))
    return detail(*pairs)


def server_error_message() -> str:
    return _(
        "Der skete en fejl på serveren. Intet af det, du sendte, er gemt. Prøv igen om lidt; "
        "sker det igen, så kontakt jeres administrator."
    )


# --- handlers -----------------------------------------------------------------------------


def install_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return respond(request, exc.status, detail((exc.field, exc.message)))

    @api.exception_handler(ServiceError)
    def service_error(request, exc: ServiceError):
        return respond(request, 400, service_error_detail(exc))

    @api.exception_handler(PermissionDeniedError)
    def permission_denied(request, exc: PermissionDeniedError):
        return respond(request, 403, service_error_detail(exc))

    @api.exception_handler(ConflictError)
    def conflict(request, exc: ConflictError):
        message = _(
            "Nogen anden har gemt en ændring, mens din blev gemt. Intet af dit er gemt. Hent den "
            "nyeste udgave, og send dine ændringer igen med dens version."
        )
        return respond(request, 409, detail(("version", message)))

    @api.exception_handler(InUseError)
    def in_use(request, exc: InUseError):
        return respond(request, 409, service_error_detail(exc))

    @api.exception_handler(Exception)
    def unexpected(request, exc: Exception):
        # Whatever remains is the server's fault; the API still answers in its JSON shape.
        import logging

        logging.getLogger("indsats.api").exception("Unexpected error in %s", request.path)
        return respond(request, 500, detail(("", server_error_message())))

    @api.exception_handler(CostModelError)
    def cost_model_error(request, exc: CostModelError):
        return respond(request, 400, detail(("", str(exc))))

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        return respond(request, 422, validation_detail(exc.errors))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc: AuthenticationError):
        message = _(
            "Du skal sende en gyldig API-nøgle i headeren »Authorization: Bearer <nøgle>«. "
            "Nøglen mangler, er ugyldig, er udløbet eller er trukket tilbage."
        )
        response = respond(request, 401, detail(("", message)))
        response["WWW-Authenticate"] = 'Bearer realm="indsats"'
        return response

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return respond(request, 404, detail(("", _("Det findes ikke."))))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if isinstance(exc.__cause__, ValidationError):  # the parser refused a field (api/parser)
            return respond(request, 422, validation_detail(exc.__cause__.errors))
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            return respond(request, 400, detail(("", _("Indholdet kunne ikke læses som JSON."))))
        return respond(request, exc.status_code, detail(("", str(exc))))
