"""The JSON API, version 1, under /api/v1/ (docs at /api/v1/docs, schema at
/api/v1/openapi.json).

Authentication: ``Authorization: Bearer <token>``; a token is created on the organisation's
»API-nøgler« page and belongs to one user in one organisation. Every operation sees that
organisation only; an id of another organisation's object answers 404 like a missing one.
"""

from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from . import (
    budget_notes,
    casebank,
    cost_lines,
    costs,
    indicators,
    initiatives,
    optimise,
    parameters,
    pipeline,
    scenarios,
    status_updates,
    strategies,
    students,
)
from .auth import TokenAuth
from .errors import install_handlers
from .parser import IndsatsParser

DESCRIPTION = """
The catalogue of recruitment and retention initiatives, their cost lines, scenarios and the
organisation's parameters, and the computed costs; budget notes with their allocations and
spending; indicators with their values; status updates on initiatives; and the SOSU student
pipeline as aggregates, with a national comparison in which counts below 5 are hidden.

**Authentication.** Send `Authorization: Bearer <token>`. Tokens are created in the web app
under *API-nøgler*; each belongs to one user in one organisation and sees only that
organisation. Reading needs any role; writing needs the role administrator or consultant (else
403), except status updates and indicator values, which a manager may also write.

**Money.** Amounts are JSON strings in kroner with two decimals and `.` as decimal mark, e.g.
`"1008000.00"` — never numbers, so nothing is lost to floating point. Send amounts and factor
values the same way (`"403000.00"`, `"10"`); JSON floats are refused.

**Errors.** Every error has the body `{"detail": [{"field": "...", "message": "..."}]}` with a
Danish message; `field` is `""` when the message is about the request as a whole. 400: a rule
was broken; 401: missing or invalid token; 403: your role may not write; 404: no such object in
your organisation; 409: you sent a stale `version` (someone else changed the object; nothing
was saved); 422: the input does not have the documented form. A refused request changes
nothing.

**Student records.** `/students` returns pseudonymous student-level records and needs a token
whose user has student-data access (else 403); every read is written to the audit log.
`POST /students/import` applies records all or nothing; a CPR number anywhere is refused (400).

**Case bank.** `/casebank/cases` and `/casebank/cases/{slug}` are public and read-only: no token
is needed, and only published cases are shown.
"""


class VendoredSwagger(DocsBase):
    """Swagger UI from the copy vendored in static/vendor/swagger-ui: the documentation works
    without internet access and under the Content-Security-Policy (no inline script)."""

    def render_page(self, request, api, **kwargs):
        from django.shortcuts import render

        return render(
            request,
            "api/swagger.html",
            {"api": api, "openapi_json_url": self.get_openapi_url(api, kwargs)},
        )


api = NinjaAPI(
    title="Indsats API",
    docs=VendoredSwagger(),
    version="1",
    urls_namespace="api",
    description=DESCRIPTION,
    auth=TokenAuth(),
    parser=IndsatsParser(),
)
install_handlers(api)

for module in (
    initiatives,
    cost_lines,
    scenarios,
    parameters,
    costs,
    optimise,
    budget_notes,
    indicators,
    status_updates,
    strategies,
    pipeline,
    students,
):
    api.add_router("", module.router)

# The public case bank: no token needed.
api.add_router("", casebank.router, auth=None)
