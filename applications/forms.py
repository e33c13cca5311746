"""HTML forms of the filing side: a new application, uploads, answers, appointments, withdrawal.

Forms check the input's shape and offer only choices the user may make (their roster, the channels the
service is offered through, their own principal applications); the rules themselves stay in
``applications.services`` and the submission rules.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fees.constants import Variant
from qazeta.accounts.models import Person, User
from qazeta.accounts.selectors import persons_visible_to
from qazeta.accounts.validators import appointment_day_plausible, service_date_plausible

from .catalogue import Service
from .constants import FINAL_STATES, Channel, State
from .models import Application
from .registry import filing_model, get_registry, service_field_names
from .selectors import visible_applications

#: Visa validity a C3/A5/A6 invitation may be priced for, with the guide's band (guide 2025, Work visa table).
VALIDITY_CHOICES = [
    (1, _("1 year (band: up to 2 years)")),
    (2, _("2 years (band: up to 2 years)")),
    (3, _("3 years (band: 3 to 5 years)")),
    (4, _("4 years (band: 3 to 5 years)")),
    (5, _("5 years (band: 3 to 5 years)")),
]


#: Longest free text the forms take (answers, reasons), as the API does.
MAX_TEXT_LENGTH = 4000


def service_form_fields(model: type, names: list[str] | tuple[str, ...]) -> dict[str, forms.Field]:
    """Form fields of a service model's ``names``, with the model's checks (length, choices, validators), a date
    picker on dates and ``validators.service_date_plausible`` on them (no contract ending on 0001-01-01)."""
    fields = forms.fields_for_model(model, fields=list(names))
    for field in fields.values():
        if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            field.validators.append(service_date_plausible)
    return fields


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        if obj.principal_id:
            return f"{obj.full_name} ({obj.get_relationship_display()} of {obj.principal.full_name})"
        return f"{obj.full_name} — {obj.position}" if obj.position else obj.full_name


class PrincipalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Application) -> str:
        reference = obj.reference or f"{_('draft')} #{obj.pk}"
        return f"{obj.person.full_name} — {reference} ({obj.get_state_display()})"


class ApplicationCreateForm(forms.Form):
    """A new draft for ``service``: who it is for, how it is filed, the service's own fields and consent.

    ``fee_by_validity`` (from the fee table) decides whether the validity field is shown and required.
    """

    person = PersonChoiceField(queryset=Person.objects.none(), label=_("Person"))
    principal_application = PrincipalChoiceField(
        queryset=Application.objects.none(),
        required=False,
        label=_("Family member of"),
        empty_label=_("Not a family member — this application is for the employee (principal)"),
        help_text=_("For a spouse or child: the principal's application this one goes with."),
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=())
    validity_years = forms.TypedChoiceField(
        label=_("Visa validity"), choices=VALIDITY_CHOICES, coerce=int, required=False, initial=2
    )
    variant = forms.ChoiceField(
        label=_("Fee variant"),
        choices=(),
        required=False,
        help_text=_("The guide prices this service by the applicant's variant (e.g. employee or expert)."),
    )
    passport_blank_pages = forms.IntegerField(
        label=_("Blank pages in the passport"),
        min_value=0,
        max_value=99,
        required=False,
        help_text=_("As you count them; the guide asks for at least 2."),
    )
    filed_by_representative = forms.BooleanField(
        label=_("A representative files under a power of attorney"), required=False
    )
    consent = forms.BooleanField(
        label=_("The person consents to the processing of their personal data (text above)"), required=False
    )

    def __init__(
        self,
        *args: Any,
        user: User,
        service: Service,
        channels: list[str],
        fee_by_validity: bool,
        variants: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        # Who the user may file for: their host parties' rosters and their own person (qazeta/permissions.py).
        people = persons_visible_to(user).select_related("principal")
        self.fields["person"].queryset = people.order_by("surname", "given_names")
        self.fields["principal_application"].queryset = (
            visible_applications(user)
            .filter(service_code=service.code, principal_application__isnull=True)
            # Only principals with family recorded on the roster can have a dependant's application. An issued
            # principal's application still takes its family: a dependant may wait for the principal's visa.
            .filter(person__family_members__isnull=False)
            .exclude(state__in=FINAL_STATES - {State.ISSUED})
            .distinct()
            .select_related("person")
        )
        self.fields["channel"].choices = [(c, Channel(c).label) for c in channels]
        if channels:
            self.fields["channel"].initial = channels[0]
        if fee_by_validity:
            self.fields["validity_years"].required = True
        else:
            del self.fields["validity_years"]
        # Shown only where the fee table prices by variant (the TRP: employee / expert), and then required.
        if variants:
            self.fields["variant"].choices = [(v, Variant(v).label) for v in variants]
            self.fields["variant"].required = True
        else:
            del self.fields["variant"]
        model = filing_model(service.code)
        definition = get_registry().find(service.code)
        # A family member is never asked the principal's own fields (e.g. no "position" for a spouse). When the
        # person is known already (?person= from the roster), those fields are left out; otherwise they are
        # optional here and clean() asks them of a principal only.
        self.principal_fields = tuple(definition.principal_fields) if definition else ()
        chosen = self.data.get("person") or self.initial.get("person")
        chosen_is_family = bool(self.data.get("principal_application") or self.initial.get("principal_application"))
        if chosen and str(chosen).isdigit():
            chosen_is_family = chosen_is_family or people.filter(pk=chosen, principal__isnull=False).exists()
        own = service_field_names(service.code, family_member=chosen_is_family)
        #: The service model's own fields on this form (the template groups them under the service's details).
        self.service_field_names = own
        if model is not None and own:
            self.fields.update(service_form_fields(model, own))
        for name in self.principal_fields:
            if name in self.fields:
                self.fields[name].required = False
                hint = str(_("The principal only; not for a family member."))
                self.fields[name].help_text = f"{self.fields[name].help_text} {hint}".strip()
        # Consent last, after the service's own fields.
        self.fields["consent"] = self.fields.pop("consent")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        person: Person | None = data.get("person")
        principal: Application | None = data.get("principal_application")
        if person is not None and principal is not None and person.principal_id != principal.person_id:
            self.add_error(
                "principal_application",
                _("%(person)s is not recorded as a family member of %(principal)s.")
                % {"person": person.full_name, "principal": principal.person.full_name},
            )
        elif (
            person is not None
            and principal is None
            and person.principal_id is not None
            # The principal's visa may have come from elsewhere (declared on the roster): then the family member
            # is filed alone. When the principal has an application of this service here, it is linked.
            and self.fields["principal_application"].queryset.filter(person_id=person.principal_id).exists()
        ):
            self.add_error(
                "principal_application",
                _("%(person)s is a family member of %(principal)s: choose the principal's application.")
                % {"person": person.full_name, "principal": person.principal.full_name},
            )
        family = principal is not None or (person is not None and person.principal_id is not None)
        model = filing_model(self.service.code)
        for name in self.principal_fields:
            if name not in self.fields or model is None:
                continue
            if family:
                data.pop(name, None)  # a family member's application does not carry the principal's own fields
            elif data.get(name) in (None, "") and not model._meta.get_field(name).blank:
                self.add_error(name, _("This field is required for the principal."))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values of the filing model's own fields (empty values left out)."""
        return {
            name: self.cleaned_data[name]
            for name in self.service_field_names
            if name in self.cleaned_data and self.cleaned_data[name] not in (None, "")
        }


class UploadForm(forms.Form):
    """One file for one checklist item (and, for a foreign public document, its issuing state); the service
    checks type (by content), size, the item and the state."""

    item_code = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 10 MB)"))
    #: For a foreign public document: the ISO code of the state that issued it (the service checks it).
    issuing_state = forms.CharField(label=_("Issued by (state)"), required=False, max_length=3)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer to the Expat Centre"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SlotDayForm(forms.Form):
    """The day to look up free appointment slots on (Astana time): today to a year ahead."""

    date = forms.DateField(
        label=_("Day of the visit"),
        input_formats=["%Y-%m-%d"],
        validators=[appointment_day_plausible],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class AppointmentBookForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Time"),
        input_formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"],
        validators=[appointment_day_plausible],
    )
    family = forms.BooleanField(label=_("One slot for the whole family"), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing? (optional)"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuoteForm(forms.Form):
    """Inputs of the live fee quote on the filing form (GET)."""

    service = forms.CharField(max_length=48)
    channel = forms.CharField(max_length=16)
    validity_years = forms.IntegerField(required=False, min_value=1, max_value=5)
    variant = forms.CharField(required=False, max_length=16)


class DraftEditForm(forms.Form):
    """Change a draft's filing details (``services.application_update_draft``); the person stays the same."""

    channel = forms.ChoiceField(label=_("Channel"), choices=())
    validity_years = forms.TypedChoiceField(label=_("Visa validity"), choices=VALIDITY_CHOICES, coerce=int)
    passport_blank_pages = forms.IntegerField(
        label=_("Blank pages in the passport"),
        min_value=0,
        max_value=99,
        required=False,
        help_text=_("As you count them; the guide asks for at least 2."),
    )
    filed_by_representative = forms.BooleanField(
        label=_("A representative files under a power of attorney"), required=False
    )

    def __init__(
        self, *args: Any, application: Application, channels: list[str], fee_by_validity: bool, **kwargs: Any
    ) -> None:
        specific = application.specific()
        own = service_field_names(application.service_code, family_member=specific.is_family_member)
        initial = {
            "channel": specific.channel,
            "validity_years": specific.validity_years,
            "passport_blank_pages": specific.passport_blank_pages,
            "filed_by_representative": specific.filed_by_representative,
            **{name: getattr(specific, name) for name in own},
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.own = own
        self.fields["channel"].choices = [(c, Channel(c).label) for c in channels]
        if not fee_by_validity:
            del self.fields["validity_years"]
        self.fields.update(service_form_fields(type(specific), own))

    def changes(self) -> dict[str, Any]:
        """The cleaned values to pass to ``application_update_draft``."""
        return {name: self.cleaned_data[name] for name in self.fields}
