"""Issue 8, "Done means": every service of the Expat Centre guide can be filed through the portal."""

from applications.catalogue import all_services
from applications.registry import get_registry


def test_all_23_services_of_the_guide_are_live():
    codes = [service.code for service in all_services()]
    assert len(codes) == 23
    assert [code for code in codes if get_registry().fileable(code) is None] == []
