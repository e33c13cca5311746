from pathlib import Path

from django.apps import AppConfig


class VisasConfig(AppConfig):
    name = "visas"
    label = "visas"
    verbose_name = "Visas"

    def ready(self) -> None:
        from applications.catalogue import register_file
        from applications.registry import register_filing_model, register_issue_hook

        from .models import C3InvitationApplication
        from .tasks import queue_invitation_letter

        register_file(Path(__file__).with_name("catalogue.toml"))
        register_filing_model("c3-invitation", C3InvitationApplication)
        register_issue_hook("c3-invitation", queue_invitation_letter)
