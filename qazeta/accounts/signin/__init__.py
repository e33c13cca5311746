"""Signing in: lockout, the second factor for staff, session limits, API tokens, passwords and the sign-in log.

The shape of an app, split by subject (CONVENTIONS 1): ``policy`` (who needs what, pure functions),
``services`` (writes), ``selectors`` (reads), ``lockout`` (django-axes hooks), ``middleware``, ``receivers``
(Django's login signals), ``forms``, ``views``, ``urls``. The API token endpoints are in
``qazeta.accounts.api.auth``. Why these libraries: docs/decisions/0009-accounts-security.md; what the portal
promises: docs/security.md, "Accounts and sign-in".
"""
