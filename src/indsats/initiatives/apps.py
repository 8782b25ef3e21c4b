from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "indsats.initiatives"
    verbose_name = "Indsatser"
