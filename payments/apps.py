from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from django_fsm.signals import post_transition

        from applications.hooks import register_payment_reader
        from qazeta.accounts.views import organisation_page_sections

        from . import tasks  # noqa: F401 - registers the e-mail task the services queue by name
        from .receivers import on_application_transition
        from .selectors import payment_status_value
        from .views import statement_section

        # The engine names no payment: the invoice is opened when the FSM approves the documents.
        post_transition.connect(on_application_transition, dispatch_uid="payments.invoice_on_approval")
        organisation_page_sections.append(("payments/_statement_section.html", statement_section))
        # What a fee waiver says of another application's paid fee reads the payment (applications.hooks).
        register_payment_reader(payment_status_value)
