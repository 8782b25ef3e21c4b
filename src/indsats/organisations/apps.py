from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "indsats.organisations"
    verbose_name = "Organisationer"
