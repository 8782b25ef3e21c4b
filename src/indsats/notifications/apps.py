from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "indsats.notifications"
    verbose_name = "Notifikationer"
