from django.apps import AppConfig


class ThrowawayConfig(AppConfig):
    """A service model that exists only in the tests, to show the engine builds everything from a model's fields.

    Installed by ``qazeta.settings.test`` only; registers nothing (tests put it in a throw-away registry).
    """

    name = "tests.throwaway"
    label = "throwaway"
