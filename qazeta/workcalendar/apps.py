from django.apps import AppConfig


class WorkcalendarConfig(AppConfig):
    name = "qazeta.workcalendar"
    label = "workcalendar"
    verbose_name = "Working-day calendar"
