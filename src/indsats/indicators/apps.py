from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indsats.indicators"
    verbose_name = "Indikatorer"
