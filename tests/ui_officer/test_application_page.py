"""The officer application page, its htmx panel and every officer action through the browser forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.constants import Action, ReviewStatus, State
from applications.models import Application, InformationRequest, StatusChange
from applications.views import officer_actions
from qazeta.accounts.models import PersonalDataAccess
from qazeta.workcalendar import calendar as workcalendar
from tests import factories
from tests.clock import FILING_DAY, astana

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


def page(app: Application) -> str:
    return reverse("officer-application", args=[app.pk])


def url(name: str, app: Application, *args: int) -> str:
    return reverse(name, args=[app.pk, *args])


def _accept_all(app: Application, officer) -> None:
    for upload in app.uploads.all():
        services.document_review(user=officer, upload=upload, accept=True)


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client


# --------------------------------------------------------------------------------------------- page and panel
def test_officer_page_shows_documents_and_logs_the_personal_data_view(officer_client, make_application, officer):
    app = make_application(State.IN_REVIEW)

    response = officer_client.get(page(app))

    assert response.status_code == 200
    html = response.content.decode()
    assert app.person.full_name in html
    for upload in app.uploads.all():
        assert url("officer-review-document", app, upload.pk) in html
    seen = PersonalDataAccess.objects.filter(user=officer, what=f"officer application page {app.reference}")
    assert [list(access.persons.all()) for access in seen] == [[app.person]]


def test_panel_fragment_posts_back_to_the_page_it_is_shown_on(officer_client, make_application, officer):
    app = make_application(State.IN_REVIEW)

    response = officer_client.get(
        url("officer-panel", app),
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver/applications/{app.pk}/"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert f'name="next" value="/applications/{app.pk}/"' in html
    assert url("officer-approve-documents", app) in html
    panel_views = PersonalDataAccess.objects.filter(user=officer, what=f"officer panel {app.reference}")
    assert panel_views.filter(persons=app.person).exists()


def test_panel_placeholder_loads_the_fragment_and_links_the_officer_page(rf, make_application, officer):
    from django.template.loader import render_to_string

    app = make_application(State.IN_REVIEW)
    request = rf.get("/")
    request.user = officer

    html = render_to_string("applications/_officer_panel.html", {"application": app}, request=request)

    assert f'hx-get="{url("officer-panel", app)}"' in html
    assert f'href="{page(app)}"' in html


def test_only_the_actions_of_the_current_state_are_shown(officer_client, make_application):
    submitted = make_application(State.SUBMITTED)
    with_authority = make_application(State.WITH_AUTHORITY)
    issued = make_application(State.ISSUED)

    html = officer_client.get(page(submitted)).content.decode()
    assert url("officer-claim", submitted) in html
    assert url("officer-approve-documents", submitted) not in html
    assert url("officer-issue", submitted) not in html

    html = officer_client.get(page(with_authority)).content.decode()
    assert url("officer-issue", with_authority) in html
    assert url("officer-refuse", with_authority) in html
    assert url("officer-approve-documents", with_authority) not in html
    assert url("officer-cancel", with_authority) not in html  # supervisors only

    html = officer_client.get(page(issued)).content.decode()
    assert "No officer action is possible in this state." in html


def test_a_draft_has_no_officer_page(officer_client, draft):
    assert officer_client.get(page(draft)).status_code == 404


# --------------------------------------------------------------------------------------------- claim / assign
def test_claim_moves_a_submitted_application_to_review(officer_client, make_application, officer):
    app = make_application(State.SUBMITTED)

    response = officer_client.post(url("officer-claim", app))

    assert response.status_code == 302
    assert response["Location"] == page(app)
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW
    assert app.assigned_to == officer


def test_supervisor_assigns_to_another_officer(supervisor_client, make_application, officer2):
    app = make_application(State.IN_REVIEW)

    response = supervisor_client.post(url("officer-assign", app), {"officer": officer2.pk})

    assert response.status_code == 302
    app.refresh_from_db()
    assert app.assigned_to == officer2


def test_an_officer_cannot_reassign_and_is_told_why(officer_client, make_application, officer, officer2):
    app = make_application(State.IN_REVIEW)
    assert url("officer-assign", app) not in officer_client.get(page(app)).content.decode()

    response = officer_client.post(url("officer-assign", app), {"officer": officer2.pk})

    assert response.status_code == 403
    assert "a supervisor reassigns work" in response.content.decode()
    app.refresh_from_db()
    assert app.assigned_to == officer


# --------------------------------------------------------------------------------------------- documents
def test_reject_with_a_reason_marks_the_document_rejected(officer_client, make_application):
    app = make_application(State.IN_REVIEW)
    upload = app.uploads.first()
    prefix = f"doc-{upload.pk}"

    response = officer_client.post(
        url("officer-review-document", app, upload.pk),
        {f"{prefix}-decision": "reject", f"{prefix}-reason": "The scan is blurred."},
        follow=True,
    )

    upload.refresh_from_db()
    assert upload.review_status == ReviewStatus.REJECTED
    assert upload.review_reason == "The scan is blurred."
    assert "Rejected:" in response.content.decode()


def test_reject_without_a_reason_shows_the_error_and_changes_nothing(officer_client, make_application):
    app = make_application(State.IN_REVIEW)
    upload = app.uploads.first()
    prefix = f"doc-{upload.pk}"

    response = officer_client.post(
        url("officer-review-document", app, upload.pk), {f"{prefix}-decision": "reject", f"{prefix}-reason": " "}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Give the reason for rejecting the document." in html
    upload.refresh_from_db()
    assert upload.review_status == ReviewStatus.PENDING


def test_accept_marks_the_document_accepted(officer_client, make_application, officer):
    app = make_application(State.IN_REVIEW)
    upload = app.uploads.first()

    officer_client.post(url("officer-review-document", app, upload.pk), {f"doc-{upload.pk}-decision": "accept"})

    upload.refresh_from_db()
    assert upload.review_status == ReviewStatus.ACCEPTED
    assert upload.reviewed_by == officer


def test_review_of_another_applications_upload_is_404(officer_client, make_application):
    app = make_application(State.IN_REVIEW)
    other = make_application(State.IN_REVIEW)
    foreign = other.uploads.first()

    response = officer_client.post(
        url("officer-review-document", app, foreign.pk), {f"doc-{foreign.pk}-decision": "accept"}
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.review_status == ReviewStatus.PENDING


# --------------------------------------------------------------------------------------------- information
def test_request_information_pauses_the_clock(officer_client, make_application):
    app = make_application(State.IN_REVIEW)
    expected_left = workcalendar.working_days_between(timezone.localdate(), app.due_date)

    response = officer_client.post(
        url("officer-request-information", app),
        {"message": "Upload a passport scan where the photo is readable.", "items": ["passport-copy"]},
    )

    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == State.INFORMATION_REQUESTED
    assert app.clock_paused_on == timezone.localdate()
    assert app.clock_remaining_working_days == expected_left
    request = InformationRequest.objects.get(application=app)
    assert request.item_codes == ["passport-copy"]
    assert "Paused while information is requested" in officer_client.get(page(app)).content.decode()


def test_request_information_needs_a_message(officer_client, make_application):
    app = make_application(State.IN_REVIEW)

    response = officer_client.post(url("officer-request-information", app), {"message": ""})

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW


# --------------------------------------------------------------------------------------------- approve
def test_approve_documents_after_every_document_is_accepted(officer_client, make_application, officer):
    app = make_application(State.IN_REVIEW)
    _accept_all(app, officer)

    response = officer_client.post(url("officer-approve-documents", app), follow=True)

    app.refresh_from_db()
    assert app.state == State.DOCUMENTS_APPROVED
    assert "Documents approved" in response.content.decode()


def test_approve_with_documents_awaiting_review_is_refused_with_a_message(officer_client, make_application):
    app = make_application(State.IN_REVIEW)

    response = officer_client.post(url("officer-approve-documents", app), follow=True)

    assert "Accept every document before approving" in response.content.decode()
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW


def test_the_second_of_two_officers_approving_at_once_gets_a_conflict(
    officer_client, make_application, officer, supervisor, monkeypatch
):
    app = make_application(State.IN_REVIEW)
    _accept_all(app, officer)
    # The supervisor's request read the application before the officer's approval was saved.
    stale = Application.objects.get(pk=app.pk)
    assert officer_client.post(url("officer-approve-documents", app)).status_code == 302
    real_load = officer_actions._load
    calls = []

    def load_stale_once(request, pk):
        calls.append(pk)
        return stale if len(calls) == 1 else real_load(request, pk)

    monkeypatch.setattr(officer_actions, "_load", load_stale_once)
    officer_client.force_login(supervisor)

    response = officer_client.post(url("officer-approve-documents", app), follow=True)

    html = response.content.decode()
    assert "Someone else changed this application at the same moment" in html
    assert response.redirect_chain[-1][0] == page(app)
    assert "state-documents_approved" in html  # the page shows the state that won
    app.refresh_from_db()
    assert app.state == State.DOCUMENTS_APPROVED
    assert StatusChange.objects.filter(application=app, action=Action.APPROVE_DOCUMENTS).count() == 1


def test_a_second_approve_after_the_first_is_refused_and_the_state_kept(officer_client, make_application, officer):
    app = make_application(State.IN_REVIEW)
    _accept_all(app, officer)
    officer_client.post(url("officer-approve-documents", app))

    response = officer_client.post(url("officer-approve-documents", app), follow=True)

    html = response.content.decode()
    assert 'class="message error"' in html
    assert "only while it is in review" in html or "while the application is in review" in html
    app.refresh_from_db()
    assert app.state == State.DOCUMENTS_APPROVED
    assert StatusChange.objects.filter(application=app, action=Action.APPROVE_DOCUMENTS).count() == 1


# --------------------------------------------------------------------------------------------- later steps
def test_receive_originals(officer_client, make_application):
    app = make_application(State.APPOINTMENT_BOOKED)

    with factories.on_visit_day(app) as received:
        officer_client.post(url("officer-receive-originals", app), {"received": received})

    app.refresh_from_db()
    assert app.state == State.ORIGINALS_RECEIVED


def test_forward_to_the_state_body(officer_client, make_application):
    app = make_application(State.ORIGINALS_RECEIVED)

    officer_client.post(url("officer-forward", app))

    app.refresh_from_db()
    assert app.state == State.WITH_AUTHORITY


def test_issue_with_the_number(officer_client, make_application):
    app = make_application(State.WITH_AUTHORITY)

    response = officer_client.post(url("officer-issue", app), {"decision_number": "WV-2026-0042"}, follow=True)

    app.refresh_from_db()
    assert app.state == State.ISSUED
    assert app.decision_number == "WV-2026-0042"
    assert "No WV-2026-0042" in response.content.decode()


def test_issue_without_a_number_is_refused(officer_client, make_application):
    app = make_application(State.WITH_AUTHORITY)

    response = officer_client.post(url("officer-issue", app), {"decision_number": ""})

    assert response.status_code == 400
    app.refresh_from_db()
    assert app.state == State.WITH_AUTHORITY


def test_refuse_asks_for_confirmation_first(officer_client, make_application):
    app = make_application(State.WITH_AUTHORITY)

    response = officer_client.get(url("officer-refuse", app))

    assert response.status_code == 200
    assert 'name="confirm"' in response.content.decode()
    app.refresh_from_db()
    assert app.state == State.WITH_AUTHORITY


def test_refuse_needs_a_reason(officer_client, make_application):
    app = make_application(State.WITH_AUTHORITY)

    response = officer_client.post(url("officer-refuse", app), {"reason": "", "confirm": "on"})

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    app.refresh_from_db()
    assert app.state == State.WITH_AUTHORITY


def test_refuse_needs_the_confirmation_box(officer_client, make_application):
    app = make_application(State.WITH_AUTHORITY)

    response = officer_client.post(url("officer-refuse", app), {"reason": "The state body refused."})

    assert response.status_code == 400
    assert "Tick the box to confirm." in response.content.decode()
    app.refresh_from_db()
    assert app.state == State.WITH_AUTHORITY


def test_refuse_with_a_reason_and_confirmation(officer_client, make_application):
    app = make_application(State.WITH_AUTHORITY)

    response = officer_client.post(
        url("officer-refuse", app), {"reason": "The state body refused: quota exhausted.", "confirm": "on"}
    )

    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == State.REFUSED
    assert app.refusal_reason == "The state body refused: quota exhausted."


def test_extend_term_moves_the_due_date(officer_client, make_application):
    app = make_application(State.WITH_AUTHORITY)
    due = app.due_date

    officer_client.post(url("officer-extend-term", app), {"days": 10, "reason": "Migration service delay"})

    app.refresh_from_db()
    assert app.due_date == due + dt.timedelta(days=10)
    assert app.term_extension_days == 10


def test_extend_term_beyond_30_days_in_total_is_refused(officer_client, make_application, officer):
    app = make_application(State.WITH_AUTHORITY)
    services.application_extend_term(user=officer, application=app, days=20, reason="Delay")

    response = officer_client.post(url("officer-extend-term", app), {"days": 11, "reason": "More delay"})

    assert response.status_code == 400
    assert "at most 30 calendar days in total" in response.content.decode()
    app.refresh_from_db()
    assert app.term_extension_days == 20


def test_supervisor_cancels_after_confirmation(supervisor_client, make_application):
    app = make_application(State.IN_REVIEW)
    assert url("officer-cancel", app) in supervisor_client.get(page(app)).content.decode()

    response = supervisor_client.post(url("officer-cancel", app), {"reason": "Duplicate of another", "confirm": "on"})

    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == State.CANCELLED


def test_an_officer_cannot_cancel(officer_client, make_application):
    app = make_application(State.IN_REVIEW)

    response = officer_client.post(url("officer-cancel", app), {"reason": "Duplicate", "confirm": "on"}, follow=True)

    assert response.status_code == 403
    assert "not possible" in response.content.decode()
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW


def test_each_document_links_to_its_file(officer_client, make_application):
    app = make_application(State.IN_REVIEW)

    html = officer_client.get(page(app)).content.decode()

    for upload in app.uploads.all():
        assert f'href="{reverse("upload-download", args=[app.pk, upload.pk])}"' in html


def test_the_application_detail_page_loads_the_panel_for_staff(officer_client, make_application):
    app = make_application(State.IN_REVIEW)

    html = officer_client.get(reverse("application-detail", args=[app.pk])).content.decode()

    assert f'hx-get="{url("officer-panel", app)}"' in html
    assert f'href="{page(app)}"' in html


def test_supervisor_revokes_an_issued_letter_and_the_verify_page_says_revoked(
    client, make_application, supervisor, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        app = make_application(State.ISSUED)
    document = app.issued_documents.get()
    url = reverse("officer-revoke-document", args=[app.pk, document.pk])
    client.force_login(officer)
    assert client.get(url).status_code == 403  # officers see the document but only supervisors revoke it
    client.force_login(supervisor)
    assert "Revoke" in client.get(reverse("officer-panel", args=[app.pk])).content.decode()
    assert client.post(url, {"reason": "", "confirm": "on"}).status_code == 400
    response = client.post(url, {"reason": "Issued to the wrong passport", "confirm": "on"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.revoked_by == supervisor
    assert app.status_changes.filter(action=Action.DOCUMENT_REVOKED, actor=supervisor).exists()
    page = client.get(reverse("verify", args=[document.verification_code])).content.decode()
    assert "REVOKED" in page.upper()
    assert "wrong passport" not in page
