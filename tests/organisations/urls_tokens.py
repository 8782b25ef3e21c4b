"""The project's URLs with the API-token page mounted where the lead mounts it
(/o/<org>/api-noegler/), unless the project already includes it."""

from django.urls import URLResolver, include, path

from indsats.urls import urlpatterns as project_urlpatterns


def _has_namespace(patterns, namespace: str) -> bool:
    for p in patterns:
        if isinstance(p, URLResolver) and (
            p.namespace == namespace or _has_namespace(p.url_patterns, namespace)
        ):
            return True
    return False


urlpatterns = list(project_urlpatterns)
if not _has_namespace(urlpatterns, "tokens"):
    urlpatterns.append(
        path("o/<slug:org>/api-noegler/", include("indsats.organisations.token_urls"))
    )
