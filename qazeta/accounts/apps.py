from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qazeta.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from .signin import receivers

        receivers.connect()
