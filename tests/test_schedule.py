"""Consultation times: the next dates they fall on, how services.yml writes them, how a card shows them."""
import datetime as dt

import pytest

from bot.dialogue.catalog import get_catalog
from bot.dialogue.referral import referral_messages, service_payload
from bot.directory import find_services, parse_directory
from bot.directory.schedule import ConsultationTime, next_sessions, parse_clock
from tests.conftest import FIXTURES, TODAY

NINE, TWELVE, ONE_PM, THREE_PM = dt.time(9), dt.time(12), dt.time(13), dt.time(15)
# 2026-11-24 is a Tuesday.
TUESDAY_MORNING = dt.datetime(2026, 11, 24, 8, 0)


def days(sessions):
    return [(s.day.isoformat(), s.start.strftime("%H:%M")) for s in sessions]


def test_weekly_time_gives_the_next_dates_from_today_on():
    weekly = (ConsultationTime(NINE, TWELVE, weekday=1),)  # Tuesdays
    assert days(next_sessions(weekly, TUESDAY_MORNING)) == [("2026-11-24", "09:00"), ("2026-12-01", "09:00")]


def test_a_session_that_already_ended_today_is_skipped_but_one_still_running_is_shown():
    weekly = (ConsultationTime(NINE, TWELVE, weekday=1),)
    assert days(next_sessions(weekly, TUESDAY_MORNING.replace(hour=11)))[0] == ("2026-11-24", "09:00")
    assert days(next_sessions(weekly, TUESDAY_MORNING.replace(hour=12)))[0] == ("2026-12-01", "09:00")


def test_some_weeks_of_the_month_only_like_a_mobile_consultation_day():
    first_and_third_thursday = (ConsultationTime(ONE_PM, THREE_PM, weekday=3, weeks=(1, 3)),)
    assert days(next_sessions(first_and_third_thursday, TUESDAY_MORNING, count=3)) == [
        ("2026-12-03", "13:00"), ("2026-12-17", "13:00"), ("2027-01-07", "13:00")]


def test_single_days_and_mixed_times_come_in_order():
    times = (ConsultationTime(ONE_PM, THREE_PM, date=dt.date(2026, 11, 26)),
             ConsultationTime(NINE, TWELVE, weekday=2))  # Wednesdays
    assert days(next_sessions(times, TUESDAY_MORNING, count=3)) == [
        ("2026-11-25", "09:00"), ("2026-11-26", "13:00"), ("2026-12-02", "09:00")]
    past = (ConsultationTime(NINE, TWELVE, date=dt.date(2026, 11, 1)),)
    assert next_sessions(past, TUESDAY_MORNING) == []


def test_clock_values_as_maintainers_write_them():
    assert parse_clock("09:30") == dt.time(9, 30)
    assert parse_clock(13 * 60 + 15) == dt.time(13, 15)  # YAML reads an unquoted 13:15 as 795
    assert parse_clock("halb zehn") is None and parse_clock(None) is None


def directory_with_location(places, location_yaml):
    """The fixture directory plus a service in Güstrow whose one location ends with ``location_yaml``."""
    text = (FIXTURES / "services.yml").read_text(encoding="utf-8") + f"""
  - id: mobil-beratung
    name: Mobile Beratung
    provider: verein
    needs: [recognition]
    area: [guestrow]
    locations:
      - place: guestrow
{location_yaml}
    verified: 2026-06-01
    source: test fixture
"""
    return parse_directory(text, places, TODAY)


def directory_with_times(places, times_yaml):
    return directory_with_location(places, "        times:\n" + times_yaml)


def test_times_in_services_yml_are_read(places):
    directory, problems = directory_with_times(places, """          - {weekday: thu, weeks: [1, 3], from: "13:00", to: "15:00"}
          - {date: 2026-11-26, from: 10:00, to: 14:00}""")
    assert directory is not None, [str(p) for p in problems]
    [location] = directory.get("mobil-beratung").locations
    assert location.times == (ConsultationTime(ONE_PM, THREE_PM, weekday=3, weeks=(1, 3)),
                              ConsultationTime(dt.time(10), dt.time(14), date=dt.date(2026, 11, 26)))


@pytest.mark.parametrize("entry, message", [
    ('{weekday: tuesday, from: "09:00", to: "12:00"}', "unknown weekday 'tuesday'"),
    ('{weekday: tue, from: "12:00", to: "09:00"}', "ends (09:00) before it starts (12:00)"),
    ('{weekday: tue, from: "9 Uhr", to: "12:00"}', "needs 'from' and 'to'"),
    ('{weekday: tue, weeks: [6], from: "09:00", to: "12:00"}', "numbers 1 to 5"),
    ('{from: "09:00", to: "12:00"}', "either a 'weekday'"),
    ('{weekday: tue, date: 2026-12-01, from: "09:00", to: "12:00"}', "either a 'weekday'"),
    ('{date: 1.12.2026, from: "09:00", to: "12:00"}', "write it as YYYY-MM-DD"),
])
def test_a_bad_time_is_an_error_on_its_line(places, entry, message):
    directory, problems = directory_with_times(places, f"          - {entry}")
    assert directory is None
    [problem] = [p for p in problems if p.severity == "error"]
    assert message in problem.message
    line = (FIXTURES / "services.yml").read_text(encoding="utf-8").count("\n") + 10
    assert problem.line == line


def test_the_card_shows_the_next_times_in_the_persons_language(places):
    directory, _ = directory_with_times(places, '          - {weekday: thu, weeks: [1, 3], from: "13:00", to: "15:00"}')
    result = find_services(directory, ["recognition"], "guestrow", TODAY)
    match = next(m for m in result.matches if m.service.id == "mobil-beratung")
    catalog = get_catalog()
    payload = service_payload(catalog, "de", directory, match, TODAY, TUESDAY_MORNING)
    assert payload["next_times"] == [
        {"date": "2026-12-03", "from": "13:00", "to": "15:00", "text": "Do 03.12., 13:00–15:00"},
        {"date": "2026-12-17", "from": "13:00", "to": "15:00", "text": "Do 17.12., 13:00–15:00"}]
    arabic = referral_messages(catalog, "ar", directory, result, ["recognition"], TODAY, TUESDAY_MORNING)
    card = next(m["text"] for m in arabic if "text" in m and "13:00" in m["text"])
    assert "مواعيد الاستشارة القادمة: الخميس 03.12., 13:00–15:00; الخميس 17.12., 13:00–15:00" in card
    # A location without times: no line, an empty list for the widget.
    other = next(m for m in result.matches if m.service.id != "mobil-beratung")
    assert service_payload(catalog, "de", directory, other, TODAY, TUESDAY_MORNING)["next_times"] == []


def test_a_misspelt_location_field_is_a_warning_not_silence(places):
    directory, problems = directory_with_location(places, '        tims: [{weekday: thu, from: "13:00", to: "15:00"}]')
    assert directory is not None
    assert any("unknown location field 'tims'" in p.message and p.severity == "warning" for p in problems)


def test_local_time_is_the_start_of_lotse_today_or_now_in_the_region():
    from bot.settings import get_settings
    assert get_settings({"LOTSE_TODAY": "2026-11-24"}).current_time() == dt.datetime(2026, 11, 24)
    now = get_settings({}).current_time()
    assert now.tzinfo is None and abs((now - dt.datetime.utcnow()).total_seconds()) <= 3 * 3600
