"""The project's URLs with the catalogue transfer views mounted where the project mounts them
(``/o/<org>/katalog/``), for as long as the project's URLconf does not include them itself."""

from django.urls import get_resolver, include, path

from indsats import urls as project

urlpatterns = list(project.urlpatterns)
if "transfer" not in get_resolver(project.__name__).namespace_dict:
    urlpatterns.append(path("o/<slug:org>/katalog/", include("indsats.initiatives.transfer_urls")))
