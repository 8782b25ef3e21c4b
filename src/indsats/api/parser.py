"""The API's request parser: Django Ninja's JSON and query parsing, and one rule on top that both
databases need — no text may carry a NUL character (``\\u0000``). PostgreSQL refuses it in every
text column and query parameter (the request ended in a 500 there); SQLite would store it. The
request is answered 422 naming the field, like any other invalid value (Ninja wraps what
``parse_body`` raises in a 400 HttpError; api/errors unwraps this ValidationError from it)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja.errors import ValidationError
from ninja.parser import Parser


def refuse_nul(value: Any, loc: tuple) -> None:
    """Raise a 422 ValidationError naming the first text in ``value`` with a NUL character."""
    if isinstance(value, str):
        if "\x00" in value:
            message = _(
                "indeholder et nul-tegn (\\u0000), som ikke kan gemmes. Fjern det, fx "
                "»Mentorordning« i stedet for »Mentor\\u0000ordning«."
            )
            raise ValidationError([{"loc": loc, "type": "indsats_nul", "msg": message}])
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_nul(key, loc)
            refuse_nul(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            refuse_nul(item, (*loc, i))


class IndsatsParser(Parser):
    def parse_body(self, request):
        data = super().parse_body(request)
        # ("body", <payload name>, field…): the payload's name is dropped when the field is named
        refuse_nul(data, ("body", "payload"))
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        refuse_nul(result, ("query",))
        return result
