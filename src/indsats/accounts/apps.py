from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "indsats.accounts"
    label = "accounts"
    verbose_name = "Konti og adgang"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the login audit)
