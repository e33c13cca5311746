"""Signals of the visa records (sent after the write commits is the receiver's business: use on_commit)."""

from django.dispatch import Signal

#: Sent when a visa record starts to count: created (issued or declared) or confirmed. Argument: ``record``.
#: The engine re-checks drafts waiting for it (``applications.services.watch``).
visa_recorded = Signal()

#: Sent (after commit) when a residence permit record is created. Argument: ``record``.
permit_recorded = Signal()
