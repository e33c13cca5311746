"""Who may declare a visa for a person: the filing side of that person (qazeta/permissions.py's rules).

A current member (admin or filer) of the person's host party (``accounts.file_for_host_party``), or, for a
person without a host party, the self-applicant herself for her own person and her family members. Never
Expat Centre staff, never an employee through his applicant login (he sees, never acts).
"""

from __future__ import annotations

from typing import Any

from qazeta.permissions import is_staff


def may_declare_visa(user: Any, person: Any) -> bool:
    """Whether ``user`` may declare an existing visa of ``person``."""
    if not getattr(user, "is_authenticated", False) or is_staff(user):
        return False
    if person.organisation_id is not None:
        return user.has_perm("accounts.file_for_host_party", person)
    if person.account_id == user.pk:
        return True
    principal = person.principal
    return principal is not None and principal.organisation_id is None and principal.account_id == user.pk
