"""Russian formats: Django's own (``django/conf/locale/ru/formats.py``: "30 ноября 2026 г.", "360 000,00") apply;
only the time is written with two-digit hours, as the portal's pages do."""

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y г. H:i"
