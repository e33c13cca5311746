"""Issue 9 §3: what reaches users in Russian and Kazakh is Russian and Kazakh — labels, rule and validation
messages, e-mails (each recipient's language), the verify page, a PDF's HTML, Django's own sign-in error — and
money, MRP and dates are written as each language writes them."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from applications.constants import Action, State
from applications.notifications import deliver, recipients, recipients_by_language
from applications.rules import blank_pages_at_least, passport_valid_more_than
from qazeta.countries.models import Country
from qazeta.documents.models import IssuedDocument
from qazeta.documents.pdf import qr_png_data_uri
from qazeta.formats.filters import format_money, format_mrp
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = pytest.mark.django_db

NBSP = "\xa0"

#: English words a Russian or Kazakh page must not show (data values — names, references, codes — are removed
#: before the check; these are words of labels and sentences).
ENGLISH = {
    "the",
    "and",
    "of",
    "for",
    "your",
    "with",
    "application",
    "applications",
    "document",
    "documents",
    "submit",
    "submitted",
    "upload",
    "uploaded",
    "status",
    "review",
    "officer",
    "fee",
    "passport",
    "draft",
    "reference",
    "date",
    "service",
    "page",
    "verify",
    "valid",
    "code",
    "issued",
    "host",
    "party",
    "invitation",
    "letter",
    "next",
    "step",
    "state",
    "visa",
    "dear",
    "received",
    "timeline",
    "verification",
    "file",
    "holder",
    "issue",
    "expat",
    "centre",
    "refused",
    "approved",
    "queue",
    "assigned",
    "due",
    "working",
    "days",
    "person",
}


@pytest.fixture(autouse=True)
def _back_to_default_language() -> Iterator[None]:
    yield
    translation.deactivate()


def visible_words(markup: str, *data: str) -> set[str]:
    """The lower-case Latin words of ``markup``'s visible text, without tags, scripts, styles, attributes and the
    ``data`` values (names, references, e-mail addresses)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
    for value in data:
        text = text.replace(value, " ")
    text = re.sub(r"\S+@\S+|https?://\S+|/\S+/", " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def assert_no_english(markup: str, lang: str, *data: str) -> None:
    leaked = visible_words(markup, *data) & ENGLISH
    assert not leaked, f"{lang}: English words shown: {sorted(leaked)}"


# ------------------------------------------------------------------------------------------------ formats


@pytest.mark.parametrize(
    ("lang", "money", "mrp"),
    [
        ("kk", f"360{NBSP}000,00{NBSP}₸", f"0,5{NBSP}АЕК"),
        ("ru", f"360{NBSP}000,00{NBSP}₸", f"0,5{NBSP}МРП"),
        ("en", "360,000.00 KZT", "0.5 MRP"),
    ],
)
def test_money_and_mrp_are_written_as_each_language_writes_them(lang: str, money: str, mrp: str) -> None:
    with translation.override(lang):
        assert format_money(Decimal("360000")) == money
        assert format_mrp(Decimal("0.500")) == mrp
        assert format_mrp("30") == mrp.replace("0,5", "30").replace("0.5", "30")


def test_money_filter_leaves_blanks_and_non_numbers_alone() -> None:
    assert format_money(None) == ""
    assert format_money("") == ""
    assert format_money("n/a") == "n/a"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("kk", "2026 жылғы 30 қараша"), ("ru", "30 ноября 2026 г."), ("en", "30 November 2026")],
)
def test_dates_read_correctly_in_each_language(lang: str, expected: str) -> None:
    with translation.override(lang):
        assert formats.date_format(dt.date(2026, 11, 30)) == expected
        assert formats.date_format(dt.date(2026, 11, 30), "SHORT_DATE_FORMAT") == (
            "11/30/2026" if lang == "en" else "30.11.2026"
        )


def test_kazakh_numbers_group_with_a_non_breaking_space_and_a_decimal_comma() -> None:
    with translation.override("kk"):
        assert formats.number_format(Decimal("362162.50"), 2, force_grouping=True) == f"362{NBSP}162,50"


@pytest.mark.parametrize(("lang", "duty"), [("kk", "АЕК"), ("ru", "МРП")])
def test_fee_calculator_shows_tenge_and_the_local_mrp_never_a_literal_mrp(lang: str, duty: str) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(
        reverse("fees-calculator"),
        {"service": "c3-invitation", "channel": "standard", "validity_years": "2", "on": "2026-11-30"},
    )

    page = response.content.decode()
    assert f"362{NBSP}162,50{NBSP}₸" in page
    assert f"0,5{NBSP}{duty}" in page
    assert "MRP" not in page
    assert "KZT" not in page
    assert "Ноябрь 2026" not in page  # the nominative month after the day: "30 Ноябрь 2026"


# ------------------------------------------------------------------------------------------------ messages


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_status_and_timeline_labels_are_translated(lang: str) -> None:
    with translation.override(lang):
        labels = [str(State.SUBMITTED.label), str(State.REFUSED.label), str(Action.DOCUMENT_ACCEPT.label)]
    assert all(not re.search(r"[A-Za-z]", label) for label in labels), labels


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_rule_messages_are_translated_with_their_values(lang: str, draft) -> None:
    draft.passport_blank_pages = 1
    person = draft.person
    person.passport_expires_on = dt.date(2026, 12, 1)
    today = dt.date(2026, 11, 30)
    with translation.override(lang):
        [pages] = blank_pages_at_least(2)(draft, today)
        [passport] = passport_valid_more_than(months=3)(draft, today)

    assert "2" in pages.message
    assert "1" in pages.message
    assert "01.12.2026" in passport.message
    assert_no_english(pages.message, lang)
    assert_no_english(passport.message, lang)


def test_django_messages_marked_for_the_catalogue_are_still_djangos_own() -> None:
    """qazeta/formats/messages.py copies msgids of Django's catalogues: a Django upgrade that rewords one would
    leave the project's translation unused."""
    import ast

    from qazeta.formats import messages

    django_root = Path(translation.__file__).resolve().parents[2]
    known = set()
    for po in django_root.glob("**/locale/en/LC_MESSAGES/django.po"):
        known |= {entry.msgid for entry in polib.pofile(str(po))}
    tree = ast.parse(Path(messages.__file__).read_text(encoding="utf-8"))
    [django_list] = [n.value for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "DJANGO"]
    marked = [call.args[0].value for call in django_list.elts]

    assert len(marked) > 40
    assert [m for m in marked if m not in known] == []


def test_the_login_error_is_all_kazakh() -> None:
    factories.UserFactory(username="aigerim", password="right-password-2026")  # noqa: S106
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"

    response = client.post(reverse("login"), {"username": "aigerim", "password": "wrong"})

    page = response.content.decode()
    assert "Please enter a correct" not in page
    assert "case-sensitive" not in page
    with translation.override("kk"):
        expected = translation.gettext(
            "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
        ) % {"username": translation.gettext("username")}
    assert html_lib.escape(expected) in page or expected in page
    assert "құпиясөз" in expected


# ------------------------------------------------------------------------------------------------ e-mails


def test_each_recipient_gets_the_e_mail_in_their_own_language(draft, filer) -> None:
    filer.language = "kk"
    filer.save()
    person_user = factories.UserFactory(username="emp1", email="employee@example.com", language="ru")
    draft.person.account = person_user
    draft.person.email = "employee@example.com"
    draft.person.save()

    groups = recipients_by_language(draft)
    sent = deliver(draft.pk, "can_submit")

    assert groups == {"kk": [filer.email], "ru": ["employee@example.com"]}
    assert sent == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    kazakh, russian = by_address[filer.email], by_address["employee@example.com"]
    assert "жобасы" in kazakh.subject
    assert "Черновик" in russian.subject
    assert "Мәңгілік Ел даңғылы, 55/18, С3.3 павильоны" in kazakh.body
    assert "проспект Мангилик Ел, 55/18, павильон С3.3" in russian.body
    data = (draft.person.full_name, filer.get_full_name(), filer.username, f"#{draft.pk}", settings.SITE_URL)
    assert_no_english(kazakh.body + kazakh.subject, "kk", *data)
    assert_no_english(russian.body + russian.subject, "ru", *data)


def test_the_person_without_a_login_gets_the_filers_language(draft, filer) -> None:
    filer.language = "ru"
    filer.save()
    draft.person.email = "no-login@example.com"
    draft.person.save()

    assert recipients_by_language(draft) == {"ru": sorted([filer.email, "no-login@example.com"])}
    assert recipients(draft) == sorted([filer.email, "no-login@example.com"])


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_plain_text_e_mails_are_not_html_escaped(draft, filer, lang: str) -> None:
    filer.language = lang
    filer.first_name, filer.last_name = "D'Arcy", "O'Neil"
    filer.save()
    draft.person.surname = "O'Brien"
    draft.person.save()

    deliver(draft.pk, "can_submit")

    [message] = mail.outbox
    assert "&#x27;" not in message.body
    assert "&amp;" not in message.body
    assert "O'Brien" in message.body
    assert "D'Arcy O'Neil" in message.body


def test_the_english_e_mail_names_the_office_as_the_guide_does(draft) -> None:
    deliver(draft.pk, "can_submit")

    [message] = mail.outbox
    assert "Mangilik El Ave 55/18, pavilion C3.3" in message.body
    assert "55/17" not in message.body


# ------------------------------------------------------------------------------------------------ language


def test_the_switcher_stores_a_signed_in_users_language(filer) -> None:
    client = Client()
    client.force_login(filer)

    response = client.post(reverse("set_language"), {"language": "kk", "next": "/"})

    assert response.status_code == 302
    filer.refresh_from_db()
    assert filer.language == "kk"


def test_the_switcher_ignores_a_language_the_portal_does_not_offer(filer) -> None:
    client = Client()
    client.force_login(filer)

    client.post(reverse("set_language"), {"language": "de", "next": "/"})

    filer.refresh_from_db()
    assert filer.language == settings.LANGUAGE_CODE


def test_the_account_page_offers_the_language_of_the_e_mails(filer) -> None:
    filer.language = "ru"
    filer.save()
    client = Client()
    client.force_login(filer)

    page = client.get(reverse("account")).content.decode()

    assert 'id="id_account_language"' in page
    assert '<option value="ru" lang="ru" selected>' in page


# ------------------------------------------------------------------------------------------------ page kinds


def _client(user, lang: str) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_filers_application_page_shows_no_english_label(lang: str, draft, filer) -> None:
    page = _client(filer, lang).get(reverse("application-detail", args=[draft.pk])).content.decode()

    data = (draft.person.full_name, draft.person.surname, draft.person.given_names, filer.username)
    data += (filer.get_full_name(), draft.organisation.name, "Senior analyst", "Embassy of Kazakhstan, London")
    # Proper names, not labels: the AIFC act's English title, and the ISO 3166 country names of the issuing-state
    # choice (qazeta.countries keeps them in English only; see the report of issue 9).
    data += (
        "AIFC Qualifications Necessary for Employment in the AIFC",
        *Country.objects.values_list("name", flat=True),
    )
    assert_no_english(page, lang, *sorted(data, key=len, reverse=True))


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.time_machine(astana(FILING_DAY, 10), tick=True)  # submits: a day whose year has an MRP on record
def test_the_officer_queue_shows_no_english_label(lang: str, draft, filer, officer) -> None:
    factories.upload_checklist(draft, filer)
    from applications import services

    services.application_submit(user=filer, application=draft)
    page = _client(officer, lang).get(reverse("officer-queue")).content.decode()

    data = (draft.person.full_name, officer.username, officer.get_full_name(), draft.organisation.name)
    assert_no_english(page, lang, *data)


def _issued_document(draft) -> IssuedDocument:
    return IssuedDocument.objects.create(
        kind="invitation_letter",
        title="Invitation letter for a C3 work visa",
        application=draft,
        verification_code="7K3MQ9TX2HBDW4ZP",
        file=ContentFile(b"%PDF-1.7 test", name="letter.pdf"),
        sha256="0" * 64,
        issued_on=dt.date(2026, 11, 30),
        holder_initials="J. S.",
        reference="EC-2026-000001",
    )


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_verify_page_shows_no_english_label(lang: str, draft) -> None:
    document = _issued_document(draft)
    client = _client(None, lang)

    found = client.get(reverse("verify", args=[document.verification_code])).content.decode()
    not_found = client.get(reverse("verify", args=["AAAABBBBCCCCDDDD"])).content.decode()
    form = client.get(reverse("verify_form")).content.decode()

    assert "VALID" not in found
    for page in (found, not_found, form):
        assert_no_english(page, lang, document.reference, "J. S.", "SHA", "QR", "AAAA-BBBB-CCCC-DDDD")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_an_e_mail_shows_no_english(lang: str, draft, filer) -> None:
    filer.language = lang
    filer.save()

    deliver(draft.pk, "can_submit")

    [message] = mail.outbox
    data = (draft.person.full_name, filer.get_full_name(), filer.username, f"#{draft.pk}", settings.SITE_URL)
    assert_no_english(message.subject + "\n" + message.body, lang, *data)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_an_invitation_letters_html_shows_no_english_label(lang: str, draft) -> None:
    from visas.documents import invitation_letter_context

    url = "http://testserver/verify/7K3M-Q9TX-2HBD-W4ZP/"
    with translation.override(lang):
        context = invitation_letter_context(draft)
        context["document"] = {
            "title": "Invitation letter for a C3 work visa",
            "verification_code": "7K3M-Q9TX-2HBD-W4ZP",
            "verification_url": url,
            "qr_data_uri": qr_png_data_uri(url),
            "issued_on": dt.date(2026, 11, 30),
        }
        page = render_to_string("visas/invitation_letter.html", context)

    person = draft.person
    data = (person.surname, person.given_names, person.full_name, draft.organisation.name, draft.organisation.address)
    data += ("Senior analyst", "Embassy of Kazakhstan, London", "SHA", "QR", "BIN", "AIFC", "C3")
    assert_no_english(page, lang, *data)


# ------------------------------------------------------------------------------------------------ state documents


def test_an_invitation_letter_pdf_carries_kazakh_russian_and_english_versions(draft) -> None:
    from qazeta.documents.pdf import render_pdf
    from tests.documents.pdftext import pdf_text
    from visas.documents import invitation_letter_context

    url = "http://testserver/verify/7K3M-Q9TX-2HBD-W4ZP/"
    context = invitation_letter_context(draft)
    context["document"] = {
        "title": "Invitation letter for a C3 work visa",
        "verification_code": "7K3M-Q9TX-2HBD-W4ZP",
        "verification_url": url,
        "qr_data_uri": qr_png_data_uri(url),
        "issued_on": dt.date(2026, 11, 30),
        "languages": ("kk", "ru", "en"),
    }

    text = " ".join(pdf_text(render_pdf("visas/invitation_letter.html", context)).split())

    kazakh, russian, english = (text.index(s) for s in ("Шақыру хаты", "Пригласительное письмо", "Invitation letter"))
    assert kazakh < russian < english
    assert "C3 — жұмыс визасы" in text
    assert "C3 — рабочая виза" in text
    assert "C3 — work visa" in text
    assert "2 жыл" in text
    assert "2 года" in text
    assert "2 years" in text


def test_the_visa_letters_are_declared_in_kazakh_russian_and_english() -> None:
    from applications.registry import get_registry

    letters = [
        output for definition in get_registry() for output in definition.outputs if output.kind == "invitation_letter"
    ]

    assert len(letters) >= 5
    assert all(o.per_language and o.languages == ("kk", "ru", "en") for o in letters)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_date_inputs_keep_the_iso_value_a_browser_date_picker_needs(lang: str) -> None:
    """Russian and Kazakh write dates "30.11.2026"; an ``<input type="date">`` only takes "2026-11-30"."""
    from qazeta.records.forms import VisaDeclareForm

    with translation.override(lang):
        form = VisaDeclareForm(initial={"valid_from": dt.date(2026, 11, 30)})
        rendered = str(form["valid_from"])

    assert 'value="2026-11-30"' in rendered
