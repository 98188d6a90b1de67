"""The flow table and the held-out flow scenarios, without a running bot (a fake one answers)."""
import pytest

from bot.flows import Scenario, eval_scenarios, hit_rate, plain, replay, story_scenarios, table


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


def test_held_out_scenarios_cover_every_language_and_need_and_name_known_services():
    import yaml

    from bot.settings import REPO_ROOT

    known = {s["id"] for s in yaml.safe_load((REPO_ROOT / "services.yml").read_text(encoding="utf-8"))["services"]}
    scenarios = eval_scenarios()
    assert len(scenarios) >= 60
    assert {s.name.split(":")[0] for s in scenarios} == {"ar", "da", "de", "en", "fa", "ru", "tr", "uk"}
    assert all(set(s.expected) <= known for s in scenarios)


def test_a_scenario_without_expected_services_is_an_error(tmp_path):
    (tmp_path / "x.yml").write_text("scenarios:\n  - {name: n, say: [hallo]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs 'say' and 'expect'"):
        eval_scenarios(tmp_path)
