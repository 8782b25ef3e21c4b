"""Danish by default: the language is the one the user chose with the language switch (the
cookie Django's set_language writes), never the browser's Accept-Language header."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class InUseMiddleware:
    """A delete refused because something depends on the object (``InUseError`` from a
    service) answers 409 with a page naming what depends on it, never a 500. The API answers
    the same in JSON through its own handler."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from indsats.core.services import InUseError

        if not isinstance(exception, InUseError):
            return None
        return render(
            request,
            "409.html",
            {"messages_in_use": exception.messages, "back": request.headers.get("Referer", "")},
            status=409,
        )


def _has_nul(values) -> bool:
    return any("\x00" in key or any("\x00" in v for v in items) for key, items in values.lists())


class NulCharacterMiddleware:
    """A NUL character (``%00``) in an address, its query or a plain form post never reaches the
    database: PostgreSQL refuses NUL in text (the page ended in a 500 there), SQLite would store
    it. Pages answer 400 with a page saying what to remove; the API answers in JSON — its own
    parser (api/parser) names the field of a body or query, and a NUL in an API path finds
    nothing (404). Uploaded files are not read here (their importers check their cells)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_path = "\x00" in request.path
        if request.path.startswith("/api/"):
            if in_path:
                from django.http import JsonResponse
                from django.utils.translation import gettext as _

                body = {"detail": [{"field": "", "message": _("Det findes ikke.")}]}
                return JsonResponse(body, status=404)
            return self.get_response(request)
        if (
            in_path
            or _has_nul(request.GET)
            or (
                request.method == "POST"
                and request.content_type == "application/x-www-form-urlencoded"
                and _has_nul(request.POST)
            )
        ):
            from django.shortcuts import render

            return render(request, "400.html", status=400)
        return self.get_response(request)
