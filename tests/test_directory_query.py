import datetime as dt

from bot.directory import find_services, parse_directory
from tests.conftest import FIXTURES, TODAY


def ids(result):
    return [m.service.id for m in result.matches]


def test_services_serving_the_place_come_first_then_by_distance(directory):
    in_rostock = find_services(directory, ["recognition"], "rostock", TODAY)
    assert ids(in_rostock) == ["anerkennung-rostock"]
    assert in_rostock.place_served and in_rostock.place_in_region
    # Güstrow is served by both; Rostock's service has a location in Güstrow itself.
    in_guestrow = find_services(directory, ["recognition"], "guestrow", TODAY)
    assert ids(in_guestrow) == ["anerkennung-rostock", "anerkennung-stralsund"]
    assert in_guestrow.matches[0].distance_km < 1
    assert in_guestrow.matches[0].location.place == "guestrow"


def test_language_breaks_ties_within_the_same_distance_step(directory):
    # Both serve Landkreis Rostock; from the district centre Rostock's Güstrow office is
    # nearer, but a person writing English is sent to the service that speaks English
    # only if distances are within the same 10 km step — here they are not.
    result = find_services(directory, ["recognition"], "landkreis-rostock", TODAY, language="en")
    assert ids(result)[0] == "anerkennung-rostock"
    assert result.matches[1].language_match is True
    arabic = find_services(directory, ["recognition"], "guestrow", TODAY, language="ar")
    assert arabic.matches[0].language_match and any(r.code == "language" for r in arabic.matches[0].reasons)


def test_ended_services_are_never_offered(directory):
    result = find_services(directory, ["business_startup"], "rostock", TODAY)
    assert ids(result) == ["gruendung-kammer"]


def test_lapsed_period_is_offered_with_a_flag_and_depends_on_the_date(directory):
    after = find_services(directory, ["language_course"], "rostock", TODAY)
    assert ids(after) == ["sprachkurs-rostock"] and after.matches[0].lapsed
    before = find_services(directory, ["language_course"], "rostock", dt.date(2025, 1, 1))
    assert not before.matches[0].lapsed


# Two services alike but for their start: one started before TODAY, one starts after it. Added
# here rather than to fixtures/services.yml, whose service count other tests check.
def _stralsund_startup_service(service_id: str, valid_from: str) -> str:
    return f"""
  - id: {service_id}
    name: Gründungsberatung Stralsund
    provider: verein
    needs: [business_startup]
    area: [stralsund]
    locations:
      - place: stralsund
    valid_from: {valid_from}
    verified: 2026-06-01
    source: test fixture
"""


NOT_YET_STARTED = (_stralsund_startup_service("gruendung-stralsund-laeuft", "2026-01-01")
                   + _stralsund_startup_service("gruendung-stralsund-ab-2027", "2027-01-01"))


def test_not_yet_started_is_not_offered(places):
    text = (FIXTURES / "services.yml").read_text(encoding="utf-8") + NOT_YET_STARTED
    directory, problems = parse_directory(text, places, TODAY)
    assert directory is not None, [str(p) for p in problems]
    assert TODAY < dt.date(2027, 1, 1)
    assert ids(find_services(directory, ["business_startup"], "stralsund", TODAY)) == ["gruendung-stralsund-laeuft"]
    # Once its start has come it is offered like its twin: only the date kept it out.
    later = find_services(directory, ["business_startup"], "stralsund", dt.date(2027, 1, 1))
    assert ids(later) == ["gruendung-stralsund-ab-2027", "gruendung-stralsund-laeuft"]
    # A service without valid_from has always been offered.
    assert ids(find_services(directory, ["recognition"], "rostock", dt.date(2000, 1, 1))) == ["anerkennung-rostock"]


def test_nothing_local_offers_statewide_or_remote_and_says_so(directory):
    result = find_services(directory, ["recognition"], "schwerin", TODAY)
    assert result.matches == () and not result.place_served
    work = find_services(directory, ["work_refugee"], "berlin", TODAY)
    assert ids(work) == ["arbeit-gefluechtete-land"]
    assert not work.place_served and not work.place_in_region
    assert {r.code for r in work.matches[0].reasons} >= {"statewide", "remote", "audience"}


def test_statewide_service_serves_every_place_in_the_region(directory):
    result = find_services(directory, ["work_refugee"], "guestrow", TODAY)
    assert ids(result) == ["arbeit-gefluechtete-land"] and result.place_served


def test_situation_filters_group_services(directory):
    assert ids(find_services(directory, ["women_coaching"], "rostock", TODAY)) == ["frauen-coaching"]
    assert ids(find_services(directory, ["women_coaching"], "rostock", TODAY, situation=["women"])) == ["frauen-coaching"]
    # Telling one group says nothing about another: still offered, with who it is for.
    assert ids(find_services(directory, ["women_coaching"], "rostock", TODAY, situation=["refugees"])) == ["frauen-coaching"]
    assert ids(find_services(directory, ["women_coaching"], "rostock", TODAY, situation=["!women"])) == []
    # An asylum seeker or a person with a Duldung counts as a refugee for the refugee programmes.
    assert ids(find_services(directory, ["work_refugee"], "rostock", TODAY, situation=["tolerated"])) == ["arbeit-gefluechtete-land"]
    denied = ["!refugees", "!asylum_seekers", "!tolerated"]
    assert ids(find_services(directory, ["work_refugee"], "rostock", TODAY, situation=denied)) == []
    # Not one of them, but the service is also for another group the person did not deny.
    assert ids(find_services(directory, ["work_refugee"], "rostock", TODAY, situation=["!refugees"])) == ["arbeit-gefluechtete-land"]


def test_unknown_place_gets_statewide_and_remote_only(directory):
    result = find_services(directory, ["work_refugee"], None, TODAY)
    assert ids(result) == ["arbeit-gefluechtete-land"] and result.place_id is None


def test_limit_and_several_needs(directory):
    result = find_services(directory, ["recognition", "language_course"], "rostock", TODAY, limit=1)
    assert len(result.matches) == 1
    both = find_services(directory, ["recognition", "language_course"], "rostock", TODAY)
    assert set(ids(both)) == {"anerkennung-rostock", "sprachkurs-rostock"}


def test_every_match_says_why(directory):
    result = find_services(directory, ["recognition"], "guestrow", TODAY, language="ar")
    codes = [r.code for r in result.matches[0].reasons]
    assert codes[:3] == ["need", "serves_place", "nearest"] and "language" in codes
