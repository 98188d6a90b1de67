"""The one situation question: asked only when the answer changes the referral."""
import pytest

from bot.directory import find_services, parse_directory
from bot.directory.situation import groups_told, merged, parse, question_groups, situation_for
from tests.conftest import FIXTURES, TODAY

# A general work service and a local refugee programme beside the fixture's statewide one.
GENERAL_WORK = """
  - id: arbeit-alle-rostock
    name: Arbeitsberatung für alle
    provider: verein
    needs: [work_refugee]
    area: [rostock]
    locations:
      - place: rostock
    verified: 2026-06-01
    source: test fixture

  - id: arbeit-gefluechtete-rostock
    name: Arbeit für Geflüchtete in Rostock
    provider: verein
    needs: [work_refugee]
    for: [refugees, asylum_seekers, tolerated]
    area: [rostock]
    locations:
      - place: rostock
    verified: 2026-06-01
    source: test fixture
"""
REFUGEE_GROUPS = ("refugees", "asylum_seekers", "tolerated")


@pytest.fixture
def with_general_work(places):
    text = (FIXTURES / "services.yml").read_text(encoding="utf-8") + GENERAL_WORK
    directory, problems = parse_directory(text, places, TODAY)
    assert directory is not None, [str(p) for p in problems]
    return directory


def ids(result):
    return [m.service.id for m in result.matches]


def ask(directory, needs, place="rostock", slot=None):
    return question_groups(directory, needs, place, TODAY, "de", parse(slot), limit=3)


def test_asks_about_refugees_when_a_refugee_programme_would_be_offered_or_not(with_general_work):
    assert ask(with_general_work, ["work_refugee"]) == REFUGEE_GROUPS


def test_yes_puts_the_programme_first_and_no_leaves_it_out(with_general_work):
    yes = merged(None, REFUGEE_GROUPS)
    no = merged(None, ["!" + g for g in REFUGEE_GROUPS])
    offers_yes = find_services(with_general_work, ["work_refugee"], "rostock", TODAY, situation=situation_for(["work_refugee"], yes))
    offers_no = find_services(with_general_work, ["work_refugee"], "rostock", TODAY, situation=situation_for(["work_refugee"], no))
    # The programme for the person's group comes before the general service in the same town.
    assert ids(offers_yes) == ["arbeit-gefluechtete-rostock", "arbeit-alle-rostock", "arbeit-gefluechtete-land"]
    assert ids(offers_no) == ["arbeit-alle-rostock"]


def test_no_question_once_answered_declined_or_told(with_general_work):
    assert ask(with_general_work, ["work_refugee"], slot="refugees") == ()
    assert ask(with_general_work, ["work_refugee"], slot="!refugees,!asylum_seekers,!tolerated") == ()
    assert ask(with_general_work, ["work_refugee"], slot="unsaid") == ()
    # Told a Duldung: that makes the person a refugee for these programmes.
    assert ask(with_general_work, ["work_refugee"], slot="tolerated") == ()


def test_no_question_when_the_answer_would_not_change_anything(directory, with_general_work):
    assert ask(with_general_work, ["recognition"]) == ()
    assert ask(directory, ["language_course"], place="guestrow") == ()


def test_asking_for_womens_coaching_already_says_the_group(directory):
    assert ask(directory, ["women_coaching"]) == ()
    assert situation_for(["women_coaching"], None) == ("women",)
    assert "women" in situation_for(["women_coaching"], "!refugees")


def test_a_question_about_another_group_is_still_asked(with_general_work):
    # The person said they are a woman; that does not answer whether they are a refugee.
    assert ask(with_general_work, ["work_refugee"], slot="women") == REFUGEE_GROUPS


def test_several_needs_ask_the_question_of_the_need_it_matters_for(with_general_work):
    assert ask(with_general_work, ["recognition", "work_refugee"]) == REFUGEE_GROUPS


@pytest.mark.parametrize("text, groups", [
    ("Ich habe eine Duldung und will arbeiten", ["tolerated"]),
    ("Ich bin Asylbewerberin aus Syrien", ["asylum_seekers"]),
    ("I am a refugee from Sudan", ["refugees"]),
    ("أنا لاجئ وأبحث عن عمل", ["refugees"]),
    ("من پناهجو هستم", ["asylum_seekers"]),
    ("Я біженка з Харкова", ["refugees"]),
    ("Я женщина, ищу работу", ["women"]),
    ("Ben mülteciyim", ["refugees"]),
    ("Jeg er en kvinde og vil starte en virksomhed", ["women"]),
    ("Ich suche einen Deutschkurs in Rostock", []),
    ("I want my diploma recognised", []),
])
def test_groups_told_in_a_message(text, groups):
    assert groups_told(text) == groups


def test_slot_values_parse_and_merge():
    assert parse(None) is None
    assert parse("unsaid") == ()
    assert parse("refugees,!women") == ("refugees", "!women")
    assert merged("!women", ["refugees"]) == "!women,refugees"
    assert merged("refugees", ["refugees", "organisations"]) == "refugees"
