from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "indsats.followup"
    verbose_name = "Opfølgning"
