import pytest

from bot.directory.places import PlacesTable


@pytest.mark.parametrize("text, expected", [
    ("Güstrow", "guestrow"),
    ("guestrow", "guestrow"),
    ("Gustrow", "guestrow"),
    ("GÜSTROW", "guestrow"),
    ("Gustrov", "guestrow"),            # one typo
    ("ich wohne in Güstrow", "guestrow"),
    ("aus Rostock", "rostock"),
    ("Rostocker", "rostock"),           # inflected
    ("в Ростоке", "rostock"),           # Russian locative
    ("روستوك", "rostock"),
    ("18273", "guestrow"),
    ("meine PLZ ist 18435", "stralsund"),
    ("Landkreis Rostock", "landkreis-rostock"),
    ("Bad Doberan", "bad-doberan"),
    ("Rostock Lütten Klein", "rostock-luetten-klein"),   # most specific mention wins
    ("Luetten Klein", "rostock-luetten-klein"),
    ("Berlin", "berlin"),
    ("الرمز البريدي ١٨٠٥٥", "rostock"),      # Arabic-Indic digits
    ("کد پستی ۱۸۲۷۳", "guestrow"),           # Persian digits
    ("انا ساكن بروستوك", "rostock"),          # Arabic prefix bi- ("in")
    ("stralsunddayim", "stralsund"),          # Turkish suffix chain without apostrophe
    ("Güstrow'da oturuyorum", "guestrow"),
])
def test_resolve_finds_the_place_people_mean(places, text, expected):
    assert places.resolve(text) == expected


@pytest.mark.parametrize("text", ["Blablaburg", "ich brauche einen Deutschkurs", "12345", "ok", ""])
def test_resolve_returns_none_when_no_place_is_named(places, text):
    assert places.resolve(text) is None


def test_postal_code_shared_by_town_and_quarter_resolves_to_the_town(places):
    assert places.resolve("18107") == "rostock"


def test_mentions_carry_offsets_of_the_original_text(places):
    text = "Ich wohne in Bad Doberan."
    [mention] = places.find_mentions(text)
    assert (mention.place_id, text[mention.start:mention.end]) == ("bad-doberan", "Bad Doberan")


def test_hierarchy(places):
    assert places.ancestors("rostock-luetten-klein") == ["rostock-luetten-klein", "rostock", "mv", "de"]
    assert places.in_region("guestrow") and not places.in_region("berlin")
    assert places.overlaps("guestrow", "landkreis-rostock") and places.overlaps("landkreis-rostock", "guestrow")
    assert not places.overlaps("stralsund", "landkreis-rostock")


def test_table_problems_are_reported_with_lines():
    text = (
        "places:\n"
        "  - id: a\n"
        "    name: A\n"
        "    kind: town\n"
        "    within: nowhere\n"
        "    lat: 54\n"
        "    lon: 12\n"
        "  - id: b\n"
        "    name: B\n"
        "    kind: village\n"
        "    lat: north\n"
        "    lon: 12\n"
        "    postal_codes: [1805]\n"
    )
    table, problems = PlacesTable.parse(text, "p.yml")
    messages = [str(p) for p in problems]
    assert "p.yml:2: place 'a': within 'nowhere' is not a known place" in messages
    assert any(m.startswith("p.yml:10: place 'b': unknown kind 'village'") for m in messages)
    assert "p.yml:8: place 'b': lat and lon must be numbers (decimal degrees)" in messages
    assert any(m.startswith("p.yml:13: place 'b': postal code 1805") for m in messages)


def test_real_places_table_is_valid():
    from bot.settings import get_settings

    table, problems = PlacesTable.parse(get_settings().places_file.read_text(encoding="utf-8"))
    assert table is not None
    assert [str(p) for p in problems if p.severity == "error"] == []
    for needed in ("rostock", "guestrow", "bad-doberan", "stralsund", "barth", "sassnitz", "schwerin",
                   "wismar", "greifswald", "landkreis-rostock", "vorpommern-ruegen", "ruegen"):
        assert needed in table.places, needed
