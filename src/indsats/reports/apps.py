from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "indsats.reports"
