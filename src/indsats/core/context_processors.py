from django.conf import settings


def navigation(request):
    """The current organisation and the user's role in it, for the layout."""
    return {
        "org": getattr(request, "organisation", None),
        "membership": getattr(request, "membership", None),
        "accessibility_url": settings.ACCESSIBILITY_URL,
    }
