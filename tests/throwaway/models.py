from django.db import models

from applications.models import Application


class ThrowawayApplication(Application):
    """A made-up service's own fields: a choice, a date, a number, and one the officer records at issue."""

    badge_colour = models.CharField(
        "Badge colour",
        max_length=8,
        choices=[("teal", "Teal"), ("amber", "Amber")],
        help_text="Colour of the visitor's badge",
    )
    arrives_on = models.DateField("Arrives on", help_text="Day of arrival in Astana")
    nights = models.PositiveSmallIntegerField("Nights", help_text="Nights of stay")
    register_number = models.CharField("Register number", max_length=20, blank=True)

    class Meta:
        verbose_name = "throw-away application"
