"""Forms of the officer and supervisor pages: the queue filters and one form per officer action.

The forms only check the shape of the input; the rules (a reason to reject, the 30-day extension limit, which
state allows what) live in ``applications.services`` and come back as ``ApplicationError`` messages.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qazeta.accounts.constants import Role
from qazeta.accounts.models import User
from qazeta.accounts.validators import service_date_plausible
from qazeta.widgets import Select

from .catalogue import all_services
from .constants import State
from .forms import service_form_fields
from .models import Application
from .registry import Outcome
from .selectors import ChecklistRow
from .services import MAX_TERM_EXTENSION_DAYS

#: Value of the assignee filter for "assigned to me" and for "nobody holds it yet".
ASSIGNEE_ME = "me"
ASSIGNEE_NONE = "none"


def staff_users() -> QuerySet[User]:
    """Active Expat Centre officers and supervisors, by name: who work can be assigned to."""
    return User.objects.filter(role__in=(Role.OFFICER, Role.SUPERVISOR), is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def _officer_label(user: User) -> str:
    return user.get_full_name() or user.username


class QueueFilterForm(forms.Form):
    """GET filters of the officer queue. Every field is optional; an empty form shows all open work."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("A reference, a passport number or a name (case and accents ignored)."),
    )
    service = forms.ChoiceField(label=_("Service"), required=False, widget=Select)
    state = forms.ChoiceField(label=_("State"), required=False, widget=Select)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False, widget=Select)
    closed = forms.BooleanField(
        label=_("Show closed applications"),
        required=False,
        help_text=_("Issued, refused, withdrawn and cancelled applications are hidden unless ticked."),
    )

    def __init__(self, *args, officers: Iterable[User] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("All services")), *((s.code, s.name) for s in all_services())]
        self.fields["state"].choices = [
            ("", _("All open states")),
            *((value, label) for value, label in State.choices if value != State.DRAFT),
        ]
        self.fields["assignee"].choices = [
            ("", _("Anyone")),
            (ASSIGNEE_ME, _("Me")),
            (ASSIGNEE_NONE, _("Unassigned")),
            *((str(u.pk), _officer_label(u)) for u in officers),
        ]


class AssignForm(forms.Form):
    """A supervisor assigns (or reassigns) an application to an officer."""

    officer = forms.ModelChoiceField(
        label=_("Assign to"), queryset=User.objects.none(), empty_label=_("Choose an officer")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        field.queryset = staff_users()
        field.label_from_instance = _officer_label


class DocumentReviewForm(forms.Form):
    """Accept or reject one uploaded document version; ``services.document_review`` requires a reason to reject."""

    ACCEPT = "accept"
    REJECT = "reject"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ACCEPT, _("Accept")), (REJECT, _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The filer sees this reason; say what is wrong and what to upload instead."),
    )

    @property
    def accept(self) -> bool:
        return self.cleaned_data["decision"] == self.ACCEPT


class InformationRequestForm(forms.Form):
    """Ask the filer for information; tick the checklist items they must upload again."""

    message = forms.CharField(
        label=_("What the filer must provide"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The service-level clock pauses until the filer answers."),
    )
    items = forms.MultipleChoiceField(
        label=_("Documents to upload again"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, checklist: Iterable[ChecklistRow] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(row.requirement.code, row.requirement.name) for row in checklist]


class IssueForm(forms.Form):
    """Record "issued", with what the service asks for it (all from its declaration, ``ServiceDefinition``):
    the state body's number where a state body decides, the service model's fields the officer records at issue
    (e.g. the IIN), and a scan of each document the state body issued (received outputs)."""

    decision_number = forms.CharField(
        label=_("Number issued by the state body"),
        max_length=Application._meta.get_field("decision_number").max_length,
        help_text=_("For example the visa or permit number; it is printed on the filer's documents."),
    )

    def __init__(self, *args, application: Application | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.outcome_field_names: list[str] = []
        self.attachment_names: dict[str, str] = {}
        if application is None:
            return
        definition = application.definition
        if not definition.asks_decision_number:
            del self.fields["decision_number"]
        names = list(definition.outcome_fields.get(Outcome.ISSUED, ()))
        if names:
            for name, field in service_form_fields(definition.model, names).items():
                field.required = True
                self.fields[name] = field
            self.outcome_field_names = names
        for output in definition.outputs_for(Outcome.ISSUED):
            if output.received:
                key = f"attachment_{output.kind}"
                self.fields[key] = forms.FileField(
                    label=_("Scan of the %(title)s") % {"title": output.title},
                    help_text=_("PDF, JPEG or PNG, as the state body issued it; the filer downloads it."),
                )
                self.attachment_names[key] = output.kind

    @property
    def number(self) -> str:
        return self.cleaned_data.get("decision_number", "")

    def outcome_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.outcome_field_names}

    def attachments(self) -> dict:
        return {kind: self.cleaned_data[key] for key, kind in self.attachment_names.items()}


class RefuseForm(forms.Form):
    """Refuse: on the service's declared grounds (at least one) where it has them, else with a reason; confirmed."""

    grounds = forms.MultipleChoiceField(label=_("Grounds for refusal"), widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    confirm = forms.BooleanField(
        label=_("I confirm: this ends the application and cannot be undone."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, application: Application, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        grounds = application.definition.refusal_grounds
        if grounds:
            self.fields["grounds"].choices = [(code, label) for code, label in grounds]
            self.fields["reason"].required = False
            self.fields["reason"].label = _("Details (optional)")
        else:
            del self.fields["grounds"]


class ReasonConfirmForm(forms.Form):
    """A decision that ends an application (refuse, cancel): a reason and an explicit confirmation."""

    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    confirm = forms.BooleanField(
        label=_("I confirm: this ends the application and cannot be undone."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class ExtendTermForm(forms.Form):
    """Extend the service-level term for a state-body delay (calendar days, at most 30 in total)."""

    days = forms.IntegerField(
        label=_("Calendar days to add"),
        min_value=1,
        max_value=MAX_TERM_EXTENSION_DAYS,
        help_text=_("At most 30 calendar days in total per application (guide 2025)."),
    )
    reason = forms.CharField(label=_("Reason for the extension"), max_length=2000)


class AppointmentsDayForm(forms.Form):
    """The day of the appointments list (Astana time); empty means today."""

    date = forms.DateField(
        label=_("Day"),
        required=False,
        input_formats=["%Y-%m-%d"],
        validators=[service_date_plausible],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
