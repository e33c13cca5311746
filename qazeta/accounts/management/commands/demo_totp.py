"""Print the demo staff's current authenticator code (embedded default only: the secret is the demo one)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from .load_demo import DEMO_DEVICE_NAME, STAFF_LOGINS, current_code


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo officer and supervisor (run load_demo first)."

    def handle(self, *args: object, **options: object) -> None:
        devices = TOTPDevice.objects.filter(name=DEMO_DEVICE_NAME, user__username__in=STAFF_LOGINS).select_related(
            "user"
        )
        if not devices:
            raise CommandError("No demo authenticator: run `manage.py load_demo` first.")
        for device in devices.order_by("user__username"):
            self.stdout.write(f"{device.user.username:<12} {current_code(device)}")
