from django.apps import AppConfig


class CasebankConfig(AppConfig):
    name = "indsats.casebank"
    verbose_name = "Casebank"
