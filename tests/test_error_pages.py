"""Issue 9, smaller findings: branded 404 and 500 pages in the portal's languages, and ``/favicon.ico``."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from tests import factories

pytestmark = pytest.mark.django_db


def test_404_is_the_portals_own_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Page not found</h1>" in body
    assert 'class="site-header"' in body  # extends base.html
    assert f'href="{reverse("home")}"' in body
    assert f'href="{reverse("track")}"' in body


def test_404_for_a_filer_offers_their_applications(client):
    client.force_login(factories.MembershipFactory().user)
    body = client.get("/no-such-page/").content.decode()
    assert f'href="{reverse("application-list")}"' in body


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_404_is_rendered_in_the_users_language(client, language):
    """The page is rendered with the chosen language active (its strings are wrapped; the catalogues are
    completed separately)."""
    client.cookies["django_language"] = language
    body = client.get("/no-such-page/").content.decode()
    assert f'<html lang="{language}">' in body


def test_500_renders_without_context_or_database(django_assert_num_queries):
    request = RequestFactory().get("/boom/")
    with translation.override("en"), django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>Something went wrong</h1>" in body
    assert 'href="/"' in body
    assert "/static/css/qazeta.css" in body


def test_500_carries_the_active_language():
    request = RequestFactory().get("/boom/")
    with translation.override("ru"):
        body = server_error(request).content.decode()
    assert '<html lang="ru">' in body


def test_an_unhandled_error_answers_with_the_500_page(client, settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_favicon_ico_answers_200(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert "max-age=86400" in response["Cache-Control"]


def test_pages_link_the_svg_icon(client):
    body = client.get(reverse("home")).content.decode()
    assert 'rel="icon"' in body
    assert client.get("/static/favicon.svg").status_code == 200
