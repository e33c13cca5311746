from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    label = "applications"
    verbose_name = "Applications"

    def ready(self) -> None:
        from qazeta.accounts.views import person_page_extensions
        from qazeta.records.signals import permit_recorded, visa_recorded

        from . import (
            checks,  # noqa: F401 - registers the service registry's system check
            tasks,  # noqa: F401 - registers the tasks services queue by name (eager mode needs them known)
        )
        from .services.watch import on_visa_recorded
        from .views.filer import person_page_context

        person_page_extensions.append(person_page_context)
        visa_recorded.connect(on_visa_recorded, dispatch_uid="applications.watches_recheck")
        # A residence permit may end a wait too (e.g. a family member's TRP waits for the principal's).
        permit_recorded.connect(on_visa_recorded, dispatch_uid="applications.watches_recheck_permit")
