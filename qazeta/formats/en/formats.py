"""English formats: the guide's "30 November 2026" instead of Django's "Nov. 30, 2026"; numbers as Django's
("360,000.00")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
