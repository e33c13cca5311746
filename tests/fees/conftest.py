"""Fixtures of the fees tests.

The fee data is in the test database already: pytest-django runs ``migrate``, whose post_migrate receiver
(fees.apps) loads fees/data/tariffs.toml. Tests that need an empty table delete the rows themselves.
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings

STUB_BASE = """<!doctype html><html lang="en"><head><title>{% block title %}{% endblock %}</title></head>
<body><main>{% block content %}{% endblock %}</main></body></html>"""


@pytest.fixture
def base_template(settings, tmp_path: Path) -> None:
    """Render fees pages inside a minimal "base.html" (blocks title and content, as the real one has).

    The stub is searched first so that these tests check the fees page alone, not the site layout, whose
    navigation links to other apps' URLs.
    """
    (tmp_path / "base.html").write_text(STUB_BASE)
    templates = [dict(engine) for engine in django_settings.TEMPLATES]
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
