"""The flow table and the held-out flow scenarios, without a running bot (a fake one answers)."""
import pytest

from tests.support.flows import Scenario, eval_scenarios, hit_rate, plain, replay, story_scenarios, table, unknown_services


def fake_bot(sender, text):
    if text == "Rostock":
        return [{"text": "Für ..."}, {"custom": {"type": "service", "id": "a"}}, {"custom": {"type": "service", "id": "b"}}]
    return [{"custom": {"type": "language", "code": "fa", "dir": "rtl"}}, {"text": "Wo wohnen Sie?"}]


def test_replay_records_the_language_and_the_services_offered_once_each():
    outcome = replay(Scenario("s", ("سلام، کلاس زبان", "Rostock", "Rostock"), expected=("b",)), fake_bot)
    assert outcome.language == "fa" and outcome.offered == ["a", "b"] and outcome.hit
    missed = replay(Scenario("t", ("hallo",), expected=("a",)), fake_bot)
    assert not missed.hit and hit_rate([outcome, missed]) == 0.5


def test_an_unanswered_situation_question_is_declined_and_the_offers_counted():
    decline = '/deny{"situation_choice": "unsaid"}'
    said = []

    def asking_bot(sender, text):
        said.append(text)
        if text == "Rostock":
            return [{"text": "Eine Frage ...", "buttons": [{"title": "Ja", "payload": "/affirm"},
                                                         {"title": "Möchte ich nicht sagen", "payload": decline}]}]
        if text == decline:
            return [{"custom": {"type": "service", "id": "naf"}}]
        return [{"text": "Wo wohnen Sie?"}]

    outcome = replay(Scenario("s", ("Arbeit?", "Rostock"), expected=("naf",)), asking_bot)
    assert said == ["Arbeit?", "Rostock", decline] and outcome.hit
    # A script that answers the question itself is not answered for.
    said.clear()
    replay(Scenario("t", ("Arbeit?", "Rostock", "ja")), asking_bot)
    assert said == ["Arbeit?", "Rostock", "ja"]


def test_table_has_a_row_per_scenario_and_marks_misses():
    outcomes = [replay(Scenario("first", ("x", "Rostock"), ("c",)), fake_bot)]
    lines = table(outcomes, with_expected=True).splitlines()
    assert len(lines) == 3 and lines[2].startswith("first") and "a, b" in lines[2] and "MISSED, expected c" in lines[2]


def test_story_scenarios_are_the_conversation_tests_in_plain_words():
    scenarios = story_scenarios()
    assert len(scenarios) >= 30
    # Plain words, or a button's payload ("/deny{...}") where the story presses a button.
    assert all(text.startswith("/") or ("{" not in text and "[" not in text) for s in scenarios for text in s.messages)
    assert plain('in [Güstrow]{"entity": "place", "value": "guestrow"}') == "in Güstrow"


def test_held_out_scenarios_cover_every_language_and_need_and_have_fixture_counterparts():
    """The scenarios name production services (``make eval-flows`` judges services.yml and notes
    ids it lacks); the live test replays them on the fixture directory, so each id they name needs a
    counterpart there, with the same routing (tests/support/live.py). services.yml is not read: a
    maintainer's edit of it cannot fail this test."""
    import yaml

    from tests.support.live import LIVE_SERVICES, PRODUCTION_COUNTERPARTS, on_fixture

    fixture = {s["id"]: s for s in yaml.safe_load(LIVE_SERVICES.read_text(encoding="utf-8"))["services"]}
    scenarios = eval_scenarios()
    assert len(scenarios) >= 60
    assert {s.name.split(":")[0] for s in scenarios} == {"ar", "da", "de", "en", "fa", "ru", "tr", "uk"}
    assert {service for s in scenarios for service in s.expected} <= set(PRODUCTION_COUNTERPARTS)
    assert set(PRODUCTION_COUNTERPARTS.values()) <= set(fixture)
    needs = {need for s in scenarios for service in on_fixture(s).expected for need in fixture[service]["needs"]}
    assert needs == {"recognition", "language_course", "work_refugee", "women_coaching", "business_startup"}


def test_the_live_fixture_is_a_valid_directory_of_fixture_services():
    import datetime as dt

    from bot.directory import load_directory
    from tests.support.live import LIVE_SERVICES, LIVE_TODAY, PLACES

    directory, problems = load_directory(LIVE_SERVICES, PLACES, dt.date.fromisoformat(LIVE_TODAY))
    assert directory is not None, [str(p) for p in problems if p.severity == "error"]
    assert all(s.id.startswith("fx-") and s.source == "test fixture" for s in directory.services)
    # The one that has not started yet is there to be left out.
    assert any(s.valid_from and s.valid_from > dt.date.fromisoformat(LIVE_TODAY) for s in directory.services)


def test_eval_flows_notes_expected_services_the_directory_lacks(tmp_path):
    services = tmp_path / "services.yml"
    services.write_text("services:\n  - {id: a}\n", encoding="utf-8")
    assert unknown_services([Scenario("s", ("x",), ("a", "b")), Scenario("t", ("y",), ("c",))], services) == ["b", "c"]


def test_a_scenario_without_expected_services_is_an_error(tmp_path):
    (tmp_path / "x.yml").write_text("scenarios:\n  - {name: n, say: [hallo]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs 'say' and 'expect'"):
        eval_scenarios(tmp_path)
