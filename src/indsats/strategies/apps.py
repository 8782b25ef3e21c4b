from django.apps import AppConfig


class StrategiesConfig(AppConfig):
    name = "indsats.strategies"
    verbose_name = "Strategier"
