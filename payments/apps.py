from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from django_fsm.signals import post_transition

        from qazeta.accounts.views import organisation_page_sections

        from . import tasks  # noqa: F401 - registers the e-mail task the services queue by name
        from .receivers import on_application_transition
        from .views import statement_section

        # The engine names no payment: the invoice is opened when the FSM approves the documents.
        post_transition.connect(on_application_transition, dispatch_uid="payments.invoice_on_approval")
        organisation_page_sections.append(("payments/_statement_section.html", statement_section))
