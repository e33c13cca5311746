from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qazeta.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from qazeta import permissions  # noqa: F401 - registers the portal's rules

        from .signin import receivers

        receivers.connect()
