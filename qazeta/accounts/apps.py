from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qazeta.accounts"
    label = "accounts"
    verbose_name = "Accounts"
