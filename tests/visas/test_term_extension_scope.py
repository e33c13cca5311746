"""The guide's 30-calendar-day note exists for the visa invitation and issuance services it names, and no other
(SERVICES.md, "The 30-day note": C3 1-2, A5 1-2, A6, single-entry business 1, multiple-entry business 1-2)."""

from applications.registry import get_registry

NAMED_BY_THE_GUIDE = {
    "c3-invitation",
    "c3-visa",
    "a5-invitation",
    "a5-visa",
    "a6-invitation",
    "business-single-invitation",
    "business-multi-invitation",
    "business-multi-visa",
}


def test_only_the_services_the_guide_names_can_have_their_term_extended():
    extendable = {d.code for d in get_registry() if d.lifecycle.term_extension}
    assert extendable == NAMED_BY_THE_GUIDE


def test_every_visa_service_of_the_issue_is_open_for_filing():
    codes = [
        "c3-invitation",
        "c3-visa",
        "c3-extension",
        "a5-invitation",
        "a5-visa",
        "a6-invitation",
        "investor-visa-extension",
        "business-single-invitation",
        "business-single-extension",
        "business-multi-invitation",
        "business-multi-visa",
        "business-multi-extension",
        "visa-cancellation",
        "visa-cancellation-exit",
    ]
    assert [c for c in codes if get_registry().fileable(c) is None] == []
