from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_supervisors(sender: AppConfig, **kwargs: object) -> None:
    # Once per migrate, after the last app's post_migrate (every permission exists by then), the Supervisors group
    # gets what supervisors edit: a deployed database picks up a new editable table (e.g. the countries) this way.
    from django.apps import apps

    from .services import supervisors_group_sync

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is last:
        supervisors_group_sync()


class AccountsConfig(AppConfig):
    name = "qazeta.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from qazeta import permissions  # noqa: F401 - registers the portal's rules

        from .signin import receivers

        receivers.connect()
        self._connect_user_scope()
        post_migrate.connect(_sync_supervisors, dispatch_uid="accounts.sync_supervisors")

    @staticmethod
    def _connect_user_scope() -> None:
        # The request-scoped memo of memberships and persons (scope.py): opened and closed with each request,
        # emptied when a membership or a person is saved or deleted.
        from . import scope
        from .models import Membership, Person

        scope.memo.connect(watch=[Membership, Person])
