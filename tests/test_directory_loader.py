import datetime as dt
import textwrap

from bot.directory import parse_directory
from bot.directory.loader import load_directory
from bot.settings import get_settings
from tests.conftest import FIXTURES, TODAY

HEADER = """\
providers:
  verein:
    name: Verein
    contact:
      phone: "0381 1"
services:
"""


def problems_of(places, services_yaml, today=TODAY, header=HEADER):
    directory, problems = parse_directory(header + textwrap.dedent(services_yaml), places, today, "s.yml")
    return directory, [str(p) for p in problems]


def good_service(**overrides):
    fields = {"id": "x", "name": "X", "provider": "verein", "needs": "[recognition]", "area": "[rostock]",
              "verified": "2026-06-01", "source": "test"}
    fields.update(overrides)
    body = "".join(f"    {k}: {v}\n" for k, v in fields.items() if v is not None)
    return "  - " + body[4:]


def test_fixture_directory_is_valid(directory):
    assert [s.id for s in directory.services][:2] == ["anerkennung-rostock", "anerkennung-stralsund"]
    first = directory.services[0]
    assert first.name == {"de": "Anerkennungsberatung Rostock", "en": "Recognition advice Rostock"}
    assert first.locations[0].hours["en"] == "Tue 9am–12pm"
    assert first.valid_until == dt.date(2027, 12, 31)


def test_unknown_need_is_reported_on_its_line(places):
    directory, problems = problems_of(places, good_service(needs="[recognition, housing]"))
    assert directory is None
    assert "s.yml:10: service 'x': unknown need 'housing' (one of: recognition, language_course, work_refugee, women_coaching, business_startup)" in problems


def test_unknown_place_in_area_and_location(places):
    yaml_text = good_service(area="[rostock, atlantis]") + "    locations:\n      - place: gotham\n"
    _, problems = problems_of(places, yaml_text)
    assert any(p.startswith("s.yml:11: service 'x': unknown place 'atlantis'") for p in problems)
    assert any(p.startswith("s.yml:15: service 'x': unknown place 'gotham'") for p in problems)


def test_missing_required_field(places):
    _, problems = problems_of(places, good_service(source=None))
    assert "s.yml:7: service 'x': missing required field 'source'" in problems


def test_bad_date(places):
    _, problems = problems_of(places, good_service(valid_until="31.12.2025"))
    assert "s.yml:14: service 'x': bad date valid_until: '31.12.2025' (write it as YYYY-MM-DD, e.g. 2025-12-31)" in problems


def test_impossible_date_is_a_bad_date(places):
    _, problems = problems_of(places, good_service(verified="2026-02-30"))
    assert any(p.startswith("s.yml:12: service 'x': bad date verified") for p in problems)


def test_duplicate_id(places):
    _, problems = problems_of(places, good_service() + good_service())
    assert "s.yml:14: duplicate service id 'x' (first on line 7)" in problems


def test_duplicate_key_in_an_entry(places):
    _, problems = problems_of(places, good_service() + "    needs: [language_course]\n")
    assert any(p.startswith("s.yml:14: duplicate key 'needs'") for p in problems)


def test_yaml_syntax_error_has_its_line(places):
    _, problems = problems_of(places, good_service() + "    name: [unclosed\n    x: 1\n")
    assert len(problems) == 1 and problems[0].startswith("s.yml:1") and "YAML syntax error" in problems[0]
    _, problems = problems_of(places, "  - id: a\n\tname: tab\n")
    assert problems[0].startswith("s.yml:8:") and "YAML syntax error" in problems[0]


def test_unknown_provider_status_group_channel_language(places):
    yaml_text = good_service(provider="nobody", status="paused", **{"for": "[men]"}, channels="[fax]", languages="[Deutsch]")
    _, problems = problems_of(places, yaml_text)
    assert "s.yml:9: service 'x': unknown provider 'nobody' (define it under 'providers:')" in problems
    assert any(p.startswith("s.yml:14: service 'x': unknown status 'paused'") for p in problems)
    assert any(p.startswith("s.yml:15: service 'x': unknown group in 'for' 'men'") for p in problems)
    assert any(p.startswith("s.yml:16: service 'x': unknown channel 'fax'") for p in problems)
    assert any(p.startswith("s.yml:17: service 'x': unknown language code 'Deutsch'") for p in problems)


def test_bad_contact_fields(places):
    yaml_text = good_service() + "    contact:\n      email: not-an-address\n      website: http://insecure.example\n      fax: 1\n"
    _, problems = problems_of(places, yaml_text)
    assert any(p.startswith("s.yml:15: service 'x': contact email") for p in problems)
    assert "s.yml:16: service 'x': contact website must start with https://" in problems
    assert any(p.startswith("s.yml:17: service 'x': unknown contact field 'fax'") for p in problems)


def test_period_order(places):
    _, problems = problems_of(places, good_service(valid_from="2026-01-01", valid_until="2025-01-01"))
    assert "s.yml:15: service 'x': valid_until 2025-01-01 is before valid_from 2026-01-01" in problems


def test_warnings_do_not_invalidate(places):
    soon = TODAY + dt.timedelta(days=30)
    yaml_text = good_service(valid_until=soon.isoformat(), verified="2024-01-01")
    directory, problems = problems_of(places, yaml_text)
    assert directory is not None
    assert f"s.yml:7: warning: service 'x': expires on {soon}, within 60 days — check whether it is extended" in problems
    assert any(p.startswith("s.yml:7: warning: service 'x': not verified since 2024-01-01") for p in problems)


def test_lapsed_period_warns_and_ended_does_not(places):
    lapsed = good_service(valid_until="2025-12-31")
    ended = good_service(id="y", valid_until="2013-12-31", status="ended")
    directory, problems = problems_of(places, lapsed + ended)
    assert directory is not None
    assert any(p.startswith("s.yml:7: warning: service 'x': its last known period ended on 2025-12-31") for p in problems)
    assert not any("'y'" in p for p in problems)


def test_expiry_depends_on_the_injected_date(places):
    yaml_text = good_service(valid_until="2026-12-31")
    _, early = problems_of(places, yaml_text, today=dt.date(2026, 6, 1))
    _, late = problems_of(places, yaml_text, today=dt.date(2026, 12, 1))
    assert not any("expires" in p for p in early)
    assert any("expires on 2026-12-31" in p for p in late)


def test_unverified_entry_needs_no_verified_date_but_warns(places):
    directory, problems = problems_of(places, good_service(verified=None, unverified="true"))
    assert directory is not None
    assert any("not yet verified by a maintainer" in p for p in problems)


def test_load_directory_reports_missing_file(tmp_path):
    directory, problems = load_directory(tmp_path / "none.yml", FIXTURES / "places.yml", TODAY)
    assert directory is None and "cannot read the file" in str(problems[0])


def test_the_real_services_file_is_valid_today():
    settings = get_settings()
    directory, problems = load_directory(settings.services_file, settings.places_file, TODAY)
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert directory is not None
    ids = {s.id for s in directory.services}
    # Every need has a service that is still offered.
    for need in ("recognition", "language_course", "work_refugee", "women_coaching", "business_startup"):
        assert any(need in s.needs and s.is_offered(TODAY) for s in directory.services), need
    assert "existenzgruendung-migra-2012" in ids and not directory.get("existenzgruendung-migra-2012").is_offered(TODAY)
