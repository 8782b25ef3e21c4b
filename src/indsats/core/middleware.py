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
