from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "indsats.core"
    verbose_name = "Indsats core"
