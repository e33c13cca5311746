"""The confirmation of registration of an arrival notification: what it says (the engine's pipeline renders it).

Source: Expat Centre guide 2025, "Other migration and tax services" §1. The guide names the service in Kazakh
«Келу немесе мекенжайды өзгерту туралы хабарлама» (Russian: «Уведомление о прибытии или смене адреса»); the
confirmation is written in Kazakh and Russian, like the state's own documents. The base context
(``applications.services.outputs.output_context``) already gives ``person``, ``host_party``, ``reference`` and
``decided_at``; this adds the wording that depends on the kind of notification.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .models import ArrivalNotificationApplication, NotificationKind

#: Per kind of notification: its name, the label of its date and the confirming statement, in Kazakh and Russian.
_WORDING: dict[str, dict[str, str]] = {
    NotificationKind.ARRIVAL: {
        "kind_kk": "Келу туралы хабарлама",
        "kind_ru": "Уведомление о прибытии",
        "date_label_kk": "Келген күні",
        "date_label_ru": "Дата прибытия",
        "statement_kk": (
            "АХҚО Экспат орталығы қабылдаушы тарап берген шетел азаматының келуі туралы хабарламаның "
            "тіркелгенін растайды."
        ),
        "statement_ru": (
            "Экспат-центр МФЦА подтверждает, что уведомление принимающей стороны о прибытии иностранного "
            "гражданина зарегистрировано."
        ),
    },
    NotificationKind.CHANGE_OF_ADDRESS: {
        "kind_kk": "Мекенжайды өзгерту туралы хабарлама",
        "kind_ru": "Уведомление о смене адреса",
        "date_label_kk": "Мекенжай өзгерген күні",
        "date_label_ru": "Дата смены адреса",
        "statement_kk": (
            "АХҚО Экспат орталығы қабылдаушы тарап берген шетел азаматының мекенжайын өзгерту туралы хабарламаның "
            "тіркелгенін растайды."
        ),
        "statement_ru": (
            "Экспат-центр МФЦА подтверждает, что уведомление принимающей стороны о смене адреса иностранного "
            "гражданина зарегистрировано."
        ),
    },
}

#: The person's sex in Kazakh and Russian (``Person.sex``: ICAO 9303 letters).
_SEX = {"M": ("ер", "мужской"), "F": ("әйел", "женский"), "X": ("көрсетілмеген", "не указан")}


def confirmation_wording(kind: str) -> dict[str, str]:
    """The Kazakh and Russian wording of the confirmation for a kind of notification (see ``_WORDING``)."""
    return dict(_WORDING[NotificationKind(kind)])


def registration_confirmation_context(application: ArrivalNotificationApplication) -> dict[str, Any]:
    """Template context of the confirmation, on top of the engine's base context.

    Keys: ``kind_kk``, ``kind_ru``, ``date_label_kk``, ``date_label_ru``, ``statement_kk``, ``statement_ru``,
    ``is_change_of_address``, ``event_date``, ``address``, ``previous_address`` ("" for an arrival), ``stay_until``,
    ``registration_number``, ``registered_on`` (the Astana day the outcome was recorded, or None), ``sex_kk``,
    ``sex_ru``.
    """
    sex_kk, sex_ru = _SEX.get(application.person.sex, ("", ""))
    decided = application.decided_at
    return {
        **confirmation_wording(application.notification_kind),
        "is_change_of_address": application.is_change_of_address,
        "event_date": application.event_date,
        "address": application.address,
        "previous_address": application.previous_address if application.is_change_of_address else "",
        "stay_until": application.stay_until,
        "registration_number": application.registration_number,
        "registered_on": timezone.localdate(decided) if decided else None,
        "sex_kk": sex_kk,
        "sex_ru": sex_ru,
    }
