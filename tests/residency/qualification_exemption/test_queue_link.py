"""A supervisor finds the own-initiative page from the review queue; an officer does not see the link."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_queue_links_supervisors_to_the_own_initiative_page(client, supervisor, officer):
    link = reverse("qualification-exemption-open")
    client.force_login(supervisor)
    assert f'href="{link}"' in client.get(reverse("officer-queue")).content.decode()
    client.force_login(officer)
    assert f'href="{link}"' not in client.get(reverse("officer-queue")).content.decode()
