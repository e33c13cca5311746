"""Fixtures of the fees tests.

The fee data is in the test database already: pytest-django runs ``migrate``, whose post_migrate receiver
(fees.apps) loads fees/data/tariffs.toml. Tests that need an empty table delete the rows themselves.
"""
