"""The places table (``places.yml``): load, validate, and find places in what people write.

Plain Python, no Rasa imports. A place has an id, a kind (state, district, city, town,
quarter, island, country), the id of the place it lies ``within``, coordinates, postal
codes and alternative spellings. Matching folds umlauts, case and script variants
(:mod:`bot.text.norm`), accepts small typos in longer names and inflected endings
("Rostocker", "Ростоке"), and postal codes.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from bot.text.norm import edit_distance, fold
from bot.text.yaml_lines import YamlProblem, line_of, load_with_lines

REGION_ID = "mv"
KINDS = ("country", "state", "district", "city", "town", "quarter", "island")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_POSTAL = re.compile(r"^\d{5}$")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_MAX_NAME_WORDS = 4
# Inflected forms: "Rostocker", "Ростоке", "Güstrows" — a known name plus a short ending.
_MAX_SUFFIX = 3
# Longer names carry longer suffix chains: Turkish "Stralsunddayım" (= Stralsund'dayım).
_MAX_SUFFIX_LONG_NAME = 5
_LONG_NAME = 7
_MIN_PREFIX_NAME = 5


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str
    within: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    postal_codes: Tuple[str, ...] = ()
    aliases: Tuple[str, ...] = ()

    @property
    def coordinates(self) -> Optional[Tuple[float, float]]:
        if self.lat is None or self.lon is None:
            return None
        return (self.lat, self.lon)


@dataclass(frozen=True)
class PlaceMention:
    """A place found in a text: which place, where (character offsets), how sure."""

    place_id: str
    start: int
    end: int
    text: str
    exact: bool


@dataclass
class Problem:
    path: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


class PlacesError(Exception):
    def __init__(self, problems: List[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _stem_key(key: Tuple[str, ...]) -> Tuple[int, Tuple[str, ...], str]:
    """What a name and an inflected form of it share: the words before the last, and the first
    letters of the last (both inflection rules keep at least _MIN_PREFIX_NAME - 1 of them)."""
    return len(key), key[:-1], key[-1][: _MIN_PREFIX_NAME - 1]


def haversine_km(a: Tuple[float, float], b: Tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@dataclass
class PlacesTable:
    places: Dict[str, Place]
    _names: Dict[Tuple[str, ...], str] = field(default_factory=dict, repr=False)
    _postal: Dict[str, str] = field(default_factory=dict, repr=False)
    # Names that an inflected form may stand for, by (words, all but the last word, the last
    # word's first letters): one look-up per word of a message instead of a pass over all names.
    _inflectable: Dict[Tuple[int, Tuple[str, ...], str], List[Tuple[Tuple[str, ...], str]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for place in self.places.values():
            if place.kind == "country":  # "I came to Germany" says nothing about where someone lives
                continue
            for spelling in (place.name, *place.aliases):
                key = tuple(_TOKEN.findall(fold(spelling)))
                if key:
                    self._names.setdefault(key, place.id)
        for name_key, place_id in self._names.items():
            if len(name_key[-1]) >= _MIN_PREFIX_NAME:  # shorter names are never inflected (_inflected)
                self._inflectable.setdefault(_stem_key(name_key), []).append((name_key, place_id))
        # A postal code shared by a town and its quarter resolves to the town.
        for place in sorted(self.places.values(), key=lambda p: -self.depth(p.id)):
            for code in place.postal_codes:
                self._postal[code] = place.id

    # --- loading -----------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> "PlacesTable":
        """Load and validate ``path``; raise PlacesError listing every problem."""
        table, problems = cls.parse(Path(path).read_text(encoding="utf-8"), str(path))
        if table is None or any(p.severity == "error" for p in problems):
            raise PlacesError([p for p in problems if p.severity == "error"])
        return table

    @classmethod
    def parse(cls, text: str, path: str = "places.yml") -> Tuple[Optional["PlacesTable"], List[Problem]]:
        problems: List[Problem] = []
        try:
            data, duplicates = load_with_lines(text)
        except YamlProblem as error:
            return None, [Problem(path, error.line, error.message)]
        problems += [Problem(path, line, f"duplicate key '{key}'") for line, key in duplicates]
        if not isinstance(data, dict) or not isinstance(data.get("places"), list):
            return None, problems + [Problem(path, 1, "the file must have a list 'places:'")]
        places: Dict[str, Place] = {}
        lines: Dict[str, int] = {}
        items = data["places"]
        for index, item in enumerate(items):
            line = line_of(items, index)
            if not isinstance(item, dict):
                problems.append(Problem(path, line, "each place must be a mapping with id, name, kind"))
                continue
            place_id = item.get("id")
            if not isinstance(place_id, str) or not _ID.match(place_id):
                problems.append(Problem(path, line, f"place id {place_id!r} must be lower-case letters, digits and '-'"))
                continue
            if place_id in places:
                problems.append(Problem(path, line, f"duplicate place id '{place_id}' (first on line {lines[place_id]})"))
                continue
            for required in ("name", "kind"):
                if not item.get(required):
                    problems.append(Problem(path, line, f"place '{place_id}': missing required field '{required}'"))
                elif not isinstance(item.get(required), str):
                    problems.append(Problem(path, line_of(item, required, line), f"place '{place_id}': '{required}' must be text"))
            within = item.get("within")
            if within is not None and not isinstance(within, str):
                problems.append(Problem(path, line_of(item, "within", line), f"place '{place_id}': 'within' must be one place id"))
                within = None
            for listed in ("postal_codes", "aliases"):
                if item.get(listed) is not None and not isinstance(item.get(listed), list):
                    problems.append(Problem(path, line_of(item, listed, line),
                                            f"place '{place_id}': '{listed}' must be a list, e.g. {listed}: [\"18055\"]"))
            if item.get("kind") and item["kind"] not in KINDS:
                problems.append(Problem(path, line_of(item, "kind", line), f"place '{place_id}': unknown kind '{item['kind']}' (one of {', '.join(KINDS)})"))
            lat, lon = item.get("lat"), item.get("lon")
            if item.get("kind") != "country":
                if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    problems.append(Problem(path, line, f"place '{place_id}': lat and lon must be numbers (decimal degrees)"))
                    lat = lon = None
            codes: List[Any] = item["postal_codes"] if isinstance(item.get("postal_codes"), list) else []
            for code in codes:
                if not isinstance(code, str) or not _POSTAL.match(code):
                    problems.append(Problem(path, line_of(item, "postal_codes", line), f"place '{place_id}': postal code {code!r} must be five digits in quotes"))
            aliases = [a for a in item.get("aliases") or [] if isinstance(a, str)] if isinstance(item.get("aliases"), list) else []
            places[place_id] = Place(
                id=place_id,
                name=str(item.get("name", place_id)),
                kind=str(item.get("kind", "town")),
                within=within,
                lat=float(lat) if lat is not None else None,
                lon=float(lon) if lon is not None else None,
                postal_codes=tuple(str(c) for c in codes),
                aliases=tuple(str(a) for a in aliases),
            )
            lines[place_id] = line
        for place in places.values():
            if place.within is not None and place.within not in places:
                problems.append(Problem(path, lines[place.id], f"place '{place.id}': within '{place.within}' is not a known place"))
        table = cls(places)
        for place in places.values():
            if place.within is not None and place.within in places and place.id in table.ancestors(place.within):
                problems.append(Problem(path, lines[place.id], f"place '{place.id}': 'within' makes a cycle"))
        seen: Dict[str, str] = {}
        for place in places.values():
            for spelling in (place.name, *place.aliases):
                key = fold(spelling)
                other = seen.get(key)
                if other and other != place.id:
                    problems.append(Problem(path, lines[place.id], f"place '{place.id}': spelling '{spelling}' is also used by '{other}'"))
                seen.setdefault(key, place.id)
        return table, problems

    # --- hierarchy -----------------------------------------------------------------
    def get(self, place_id: str) -> Optional[Place]:
        return self.places.get(place_id)

    def ancestors(self, place_id: str) -> List[str]:
        """The place itself, then every place it lies within, outward."""
        chain: List[str] = []
        current: Optional[str] = place_id
        while current and current in self.places and current not in chain:
            chain.append(current)
            current = self.places[current].within
        return chain

    def depth(self, place_id: str) -> int:
        return len(self.ancestors(place_id))

    def is_within(self, place_id: str, area_id: str) -> bool:
        return area_id in self.ancestors(place_id)

    def in_region(self, place_id: str) -> bool:
        return self.is_within(place_id, REGION_ID)

    def overlaps(self, place_id: str, area_id: str) -> bool:
        """True if the area contains the place or lies inside it (a district named by the person)."""
        return self.is_within(place_id, area_id) or self.is_within(area_id, place_id)

    def coordinates(self, place_id: str) -> Optional[Tuple[float, float]]:
        """The place's coordinates, else those of the nearest enclosing place that has some."""
        for ancestor in self.ancestors(place_id):
            coords = self.places[ancestor].coordinates
            if coords:
                return coords
        return None

    # --- finding places in text ---------------------------------------------------------
    def find_mentions(self, text: str) -> List[PlaceMention]:
        """Every place named in ``text``, left to right; exact names before fuzzy ones."""
        tokens = [(m.start(), m.end(), fold(m.group())) for m in _TOKEN.finditer(text)]
        mentions: List[PlaceMention] = []
        index = 0
        while index < len(tokens):
            found = self._match_at(tokens, index)
            if found:
                place_id, width, exact = found
                start, end = tokens[index][0], tokens[index + width - 1][1]
                mentions.append(PlaceMention(place_id, start, end, text[start:end], exact))
                index += width
            else:
                index += 1
        if any(m.exact for m in mentions):
            mentions = [m for m in mentions if m.exact]
        return mentions

    def _match_at(self, tokens: Sequence[Tuple[int, int, str]], index: int) -> Optional[Tuple[str, int, bool]]:
        word = tokens[index][2]
        if word.isdigit():
            # Arabic-Indic and Persian digits too: "١٨٠٥٥", "۱۸۲۷۳"
            word = "".join(str(unicodedata.digit(ch)) for ch in word)
            place_id = self._postal.get(word) if len(word) == 5 else None
            return (place_id, 1, True) if place_id else None
        for width in range(min(_MAX_NAME_WORDS, len(tokens) - index), 0, -1):
            key = tuple(t[2] for t in tokens[index:index + width])
            if key in self._names:
                return self._names[key], width, True
        for width in range(min(_MAX_NAME_WORDS, len(tokens) - index), 0, -1):
            key = tuple(t[2] for t in tokens[index:index + width])
            place_id = self._inflected(key)
            if place_id:
                return place_id, width, True
        place_id = self._fuzzy(word)
        return (place_id, 1, False) if place_id else None

    def _inflected(self, key: Tuple[str, ...]) -> Optional[str]:
        last = key[-1]
        for name_key, place_id in self._inflectable.get(_stem_key(key), ()):
            stem = name_key[-1]
            max_suffix = _MAX_SUFFIX_LONG_NAME if len(stem) >= _LONG_NAME else _MAX_SUFFIX
            if len(stem) >= _MIN_PREFIX_NAME and last.startswith(stem) and 0 < len(last) - len(stem) <= max_suffix:
                return place_id
            # Cyrillic locative drops or changes the last vowel: "Росток" → "Ростоке"; "Гюстров" → "Гюстрове".
            if len(stem) >= _MIN_PREFIX_NAME and len(last) >= len(stem) and last[: len(stem) - 1] == stem[:-1] and len(last) - len(stem) <= 1 and not stem.isascii():
                return place_id
        return None

    def _fuzzy(self, word: str) -> Optional[str]:
        if len(word) < 6 or not word.isalpha():
            return None
        limit = 2 if len(word) >= 9 else 1
        best: Optional[Tuple[int, str]] = None
        for name_key, place_id in self._names.items():
            if len(name_key) != 1 or len(name_key[0]) < 6:
                continue
            distance = edit_distance(word, name_key[0], limit)
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, place_id)
        return best[1] if best else None

    def resolve(self, text: str) -> Optional[str]:
        """The one place a message names: the most specific of its mentions (first on a tie)."""
        mentions = self.find_mentions(text)
        if not mentions:
            return None
        return max(mentions, key=lambda m: (self.depth(m.place_id), -m.start)).place_id

    def display_name(self, place_id: str) -> str:
        place = self.places.get(place_id)
        return place.name if place else place_id

