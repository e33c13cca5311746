from django.apps import AppConfig


class CountriesConfig(AppConfig):
    name = "qazeta.countries"
    label = "countries"
    verbose_name = "Countries (apostille, legal assistance conventions, CIS/EAEU, visa-free days)"
