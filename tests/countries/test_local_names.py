"""Country names in the reader's language (ISO 3166-1 names shipped by pycountry)."""

from django.utils import translation

from qazeta.countries.models import Country, localised_country_name


def test_country_names_follow_the_active_language() -> None:
    germany = Country(code="DE", name="Germany")
    with translation.override("ru"):
        assert germany.local_name == "Германия"
    with translation.override("kk"):
        assert germany.local_name == "Германия"
        assert localised_country_name("GB", "United Kingdom", "kk") == "Ұлыбритания"
    with translation.override("en"):
        assert germany.local_name == "Germany"


def test_a_code_outside_iso_3166_keeps_the_table_name() -> None:
    assert localised_country_name("XK", "Kosovo", "ru") == "Kosovo"
