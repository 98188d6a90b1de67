"""Load and validate ``services.yml``: every problem is reported as ``PATH:LINE: message``.

Errors make the file unusable (the bot keeps its last valid directory); warnings ask the
maintainer to act (a period running out, an entry not verified for a year) but the file
is still used. Nothing here knows about Rasa.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from bot.directory.model import (
    AUDIENCES,
    CHANNELS,
    NEEDS,
    STATUSES,
    Directory,
    Location,
    Provider,
    Service,
    Text,
)
from bot.directory.places import PlacesTable, Problem
from bot.directory.schedule import WEEKDAYS, ConsultationTime, parse_clock
from bot.text.yaml_lines import YamlProblem, line_of, load_with_lines

EXPIRY_WARNING_DAYS = 60
STALE_AFTER_DAYS = 365
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_CONTACT_KEYS = ("phone", "email", "website", "note")
_REQUIRED = ("id", "name", "provider", "needs", "area", "source")
_LOCATION_KEYS = ("place", "name", "address", "lat", "lon", "hours", "times")


class DirectoryError(Exception):
    def __init__(self, problems: List[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class _Checker:
    """Collects problems while turning YAML data into model objects."""

    def __init__(self, path: str, places: PlacesTable, today: dt.date) -> None:
        self.path = path
        self.places = places
        self.today = today
        self.problems: List[Problem] = []

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, severity="warning"))

    # --- field helpers -------------------------------------------------------------
    def text(self, owner: Any, key: str, where: str, required: bool = False) -> Optional[Text]:
        value = owner.get(key)
        line = line_of(owner, key)
        if value is None:
            if required:
                self.error(line, f"{where}: missing required field '{key}'")
            return None
        if isinstance(value, str) and value.strip():
            return {"de": value.strip()}
        if isinstance(value, dict) and value and all(isinstance(v, str) and v.strip() for v in value.values()):
            for language in value:
                if not isinstance(language, str) or not _LANGUAGE.match(language):
                    self.error(line_of(value, language, line), f"{where}: '{key}' has unknown language code '{language}'")
            if "de" not in value:
                self.error(line, f"{where}: '{key}' needs a German text ('de:') to fall back on")
            return {str(k): str(v).strip() for k, v in value.items()}
        self.error(line, f"{where}: '{key}' must be a text or a mapping of language codes to texts")
        return None

    def date(self, owner: Any, key: str, where: str) -> Optional[dt.date]:
        value = owner.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        self.error(line_of(owner, key), f"{where}: bad date {key}: {value!r} (write it as YYYY-MM-DD, e.g. 2025-12-31)")
        return None

    def choices(self, owner: Any, key: str, allowed: Tuple[str, ...], where: str, label: str) -> Tuple[str, ...]:
        value = owner.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(line_of(owner, key), f"{where}: '{key}' must be a list, e.g. [{allowed[0]}]")
            return ()
        good = []
        for index, item in enumerate(value):
            if item in allowed:
                good.append(item)
            else:
                self.error(line_of(value, index, line_of(owner, key)), f"{where}: unknown {label} '{item}' (one of: {', '.join(allowed)})")
        return tuple(good)

    def place(self, place_id: Any, line: int, where: str) -> bool:
        if isinstance(place_id, str) and place_id in self.places.places:
            return True
        self.error(line, f"{where}: unknown place '{place_id}' (add it to places.yml or use a place id from there)")
        return False

    def contact(self, owner: Any, where: str) -> Dict[str, str]:
        value = owner.get("contact")
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(line_of(owner, "contact"), f"{where}: 'contact' must be a mapping with phone, email, website")
            return {}
        result: Dict[str, str] = {}
        for key, item in value.items():
            line = line_of(value, key)
            if key not in _CONTACT_KEYS:
                self.error(line, f"{where}: unknown contact field '{key}' (one of: {', '.join(_CONTACT_KEYS)})")
            elif not isinstance(item, str) or not item.strip():
                self.error(line, f"{where}: contact '{key}' must be a text")
            elif key == "email" and not re.match(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", item.strip()):
                self.error(line, f"{where}: contact email '{item}' is not an e-mail address")
            elif key == "website" and not item.startswith("https://"):
                self.error(line, f"{where}: contact website must start with https://")
            elif key == "phone" and not re.match(r"^\+?[0-9][0-9 /()-]{4,}$", item.strip()):
                self.error(line, f"{where}: contact phone '{item}' must be digits (spaces, / and - allowed)")
            else:
                result[key] = item.strip()
        return result

    # --- entries ---------------------------------------------------------------------
    def provider(self, provider_id: Any, data: Any, line: int) -> Optional[Provider]:
        where = f"provider '{provider_id}'"
        if not isinstance(provider_id, str) or not _ID.match(provider_id):
            self.error(line, f"provider id {provider_id!r} must be lower-case letters, digits and '-'")
            return None
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            self.error(line, f"{where}: missing required field 'name'")
            return None
        contact = self.contact(data, where)
        website = data.get("website")
        if website is not None and (not isinstance(website, str) or not website.startswith("https://")):
            self.error(line_of(data, "website", line), f"{where}: website must start with https://")
            website = None
        return Provider(id=provider_id, name=data["name"], website=website, contact=contact)

    def location(self, data: Any, line: int, where: str) -> Optional[Location]:
        if not isinstance(data, dict):
            self.error(line, f"{where}: each location must be a mapping with at least 'place'")
            return None
        if "place" not in data:
            self.error(line, f"{where}: location is missing required field 'place'")
            return None
        if not self.place(data["place"], line_of(data, "place", line), where):
            return None
        for key in data:
            if key not in _LOCATION_KEYS:  # a typo ("tims:") would otherwise silently drop the times
                self.warn(line_of(data, key, line), f"{where}: unknown location field '{key}' is ignored (one of: {', '.join(_LOCATION_KEYS)})")
        lat, lon = data.get("lat"), data.get("lon")
        if (lat is None) != (lon is None) or (lat is not None and not (isinstance(lat, (int, float)) and isinstance(lon, (int, float)))):
            self.error(line, f"{where}: location needs both lat and lon as numbers, or neither")
            lat = lon = None
        address = data.get("address")
        if address is not None and not isinstance(address, str):
            self.error(line_of(data, "address", line), f"{where}: address must be a text")
            address = None
        return Location(
            place=data["place"],
            name=self.text(data, "name", where),
            address=address,
            lat=float(lat) if lat is not None else None,
            lon=float(lon) if lon is not None else None,
            hours=self.text(data, "hours", where),
            times=self.times(data, line, where),
        )

    def times(self, location: Any, line: int, where: str) -> Tuple[ConsultationTime, ...]:
        """``times:`` of a location; each bad entry is an error naming its line, and is left out."""
        value = location.get("times")
        if value is None:
            return ()
        line = line_of(location, "times", line)
        if not isinstance(value, list):
            self.error(line, f"{where}: 'times' must be a list, e.g. - {{weekday: tue, from: \"09:00\", to: \"12:00\"}}")
            return ()
        result = []
        for index, item in enumerate(value):
            item_line = line_of(value, index, line)
            parsed = self.consultation_time(item, item_line, where)
            if parsed is not None:
                result.append(parsed)
        return tuple(result)

    def consultation_time(self, item: Any, line: int, where: str) -> Optional[ConsultationTime]:
        if not isinstance(item, dict):
            self.error(line, f"{where}: each consultation time needs weekday (or date), from and to")
            return None
        start, end = parse_clock(item.get("from")), parse_clock(item.get("to"))
        if start is None or end is None:
            self.error(line, f"{where}: consultation time needs 'from' and 'to' as times like \"09:00\"")
            return None
        if end <= start:
            self.error(line, f"{where}: consultation time ends ({end:%H:%M}) before it starts ({start:%H:%M})")
            return None
        weekday, date = item.get("weekday"), item.get("date")
        if (weekday is None) == (date is None):
            self.error(line, f"{where}: a consultation time has either a 'weekday' (every week) or a 'date' (one day)")
            return None
        if date is not None:
            if not isinstance(date, dt.date):
                self.error(line, f"{where}: bad consultation date {date!r} (write it as YYYY-MM-DD)")
                return None
            return ConsultationTime(start, end, date=date)
        if weekday not in WEEKDAYS:
            self.error(line, f"{where}: unknown weekday {weekday!r} (one of: {', '.join(WEEKDAYS)})")
            return None
        weeks = item.get("weeks", [])
        if not isinstance(weeks, list) or not all(isinstance(w, int) and 1 <= w <= 5 for w in weeks):
            self.error(line, f"{where}: 'weeks' lists which {weekday} of the month, numbers 1 to 5, e.g. [1, 3]")
            return None
        return ConsultationTime(start, end, weekday=WEEKDAYS.index(weekday), weeks=tuple(sorted(weeks)))

    def service(self, data: Any, line: int, providers: Dict[str, Provider]) -> Optional[Service]:
        if not isinstance(data, dict):
            self.error(line, "each service must be a mapping (id, name, provider, needs, area, verified, source, ...)")
            return None
        service_id = data.get("id")
        where = f"service '{service_id}'"
        required = _REQUIRED if data.get("unverified") is True else _REQUIRED + ("verified",)
        missing = [key for key in required if data.get(key) in (None, "")]
        for key in missing:
            self.error(line, f"{where}: missing required field '{key}'")
        if service_id is not None and (not isinstance(service_id, str) or not _ID.match(service_id)):
            self.error(line_of(data, "id", line), f"service id {service_id!r} must be lower-case letters, digits and '-'")
        provider_id = data.get("provider")
        provider = providers.get(provider_id) if isinstance(provider_id, str) else None
        if "provider" not in missing and provider is None:
            self.error(line_of(data, "provider", line), f"{where}: unknown provider '{data.get('provider')}' (define it under 'providers:')")
        needs = self.choices(data, "needs", NEEDS, where, "need")
        audience = self.choices(data, "for", AUDIENCES, where, "group in 'for'")
        if "needs" in data and isinstance(data["needs"], list) and not data["needs"] and "organisations" not in audience:
            self.error(line_of(data, "needs", line), f"{where}: 'needs' is empty: name at least one of {', '.join(NEEDS)}")
        area: List[str] = []
        raw_area = data.get("area")
        if raw_area is not None:
            if not isinstance(raw_area, list):
                self.error(line_of(data, "area", line), f"{where}: 'area' must be a list of place ids, e.g. [rostock, landkreis-rostock]")
            else:
                for index, place_id in enumerate(raw_area):
                    if self.place(place_id, line_of(raw_area, index, line_of(data, "area", line)), where):
                        area.append(place_id)
        locations: List[Location] = []
        raw_locations = data.get("locations") or []
        if not isinstance(raw_locations, list):
            self.error(line_of(data, "locations", line), f"{where}: 'locations' must be a list")
            raw_locations = []
        for index, item in enumerate(raw_locations):
            location = self.location(item, line_of(raw_locations, index, line), where)
            if location:
                locations.append(location)
        languages = data.get("languages") or []
        if not isinstance(languages, list):
            self.error(line_of(data, "languages", line), f"{where}: 'languages' must be a list of language codes, e.g. [de, en, ar]")
            languages = []
        for index, code in enumerate(languages):
            if not isinstance(code, str) or not _LANGUAGE.match(code):
                self.error(line_of(languages, index, line), f"{where}: unknown language code '{code}' (use ISO 639-1 codes such as de, en, ar, fa)")
        status = data.get("status", "active")
        if status not in STATUSES:
            self.error(line_of(data, "status", line), f"{where}: unknown status '{status}' (one of: {', '.join(STATUSES)})")
            status = "active"
        valid_from = self.date(data, "valid_from", where)
        valid_until = self.date(data, "valid_until", where)
        verified = self.date(data, "verified", where)
        if valid_from and valid_until and valid_until < valid_from:
            self.error(line_of(data, "valid_until", line), f"{where}: valid_until {valid_until} is before valid_from {valid_from}")
        name = self.text(data, "name", where, required=False)
        description = self.text(data, "description", where)
        contact = self.contact(data, where)
        channels = self.choices(data, "channels", CHANNELS, where, "channel")
        unverified = data.get("unverified", False)
        if not isinstance(unverified, bool):
            self.error(line_of(data, "unverified", line), f"{where}: 'unverified' must be true or false")
            unverified = True
        source = data.get("source")
        if source is not None and not isinstance(source, str):
            self.error(line_of(data, "source", line), f"{where}: 'source' must be a text naming where the facts come from")
        if missing or not (name and provider and isinstance(service_id, str)) or (verified is None and not unverified):
            return None
        if not locations and not (contact or provider.contact):
            self.error(line, f"{where}: give at least one location or a contact, so people can reach it")
        service = Service(
            id=service_id, name=name, provider=provider, needs=needs, area=tuple(area),
            verified=verified, source=str(source), description=description, audience=audience,
            locations=tuple(locations), languages=tuple(str(c) for c in languages), contact=contact,
            channels=channels, valid_from=valid_from, valid_until=valid_until, status=status,
            unverified=unverified, line=line,
        )
        self.expiry_warnings(service)
        return service

    def expiry_warnings(self, service: Service) -> None:
        where = f"service '{service.id}'"
        if service.status == "ended":
            return
        until = service.valid_until
        if until is not None and until < self.today:
            self.warn(service.line, f"{where}: its last known period ended on {until}; it is still offered with a note to call first — "
                                    "confirm it continues (then update valid_until) or set status: ended")
        elif until is not None and (until - self.today).days <= EXPIRY_WARNING_DAYS:
            self.warn(service.line, f"{where}: expires on {until}, within {EXPIRY_WARNING_DAYS} days — check whether it is extended")
        if service.unverified:
            self.warn(service.line, f"{where}: not yet verified by a maintainer — confirm the facts with the provider, then set 'verified' and remove 'unverified'")
        elif service.verified and (self.today - service.verified).days > STALE_AFTER_DAYS:
            self.warn(service.line, f"{where}: not verified since {service.verified} (over a year) — check the facts and update 'verified'")


def parse_directory(text: str, places: PlacesTable, today: dt.date, path: str = "services.yml") -> Tuple[Optional[Directory], List[Problem]]:
    """Parse and validate; return (directory or None if there are errors, problems)."""
    checker = _Checker(path, places, today)
    try:
        data, duplicates = load_with_lines(text)
    except YamlProblem as error:
        return None, [Problem(path, error.line, error.message)]
    for line, key in duplicates:
        checker.error(line, f"duplicate key '{key}' (the second one would silently replace the first)")
    if not isinstance(data, dict):
        checker.error(1, "the file must be a mapping with 'providers:' and 'services:'")
        return None, checker.problems
    providers: Dict[str, Provider] = {}
    raw_providers = data.get("providers") or {}
    if not isinstance(raw_providers, dict):
        checker.error(line_of(data, "providers"), "'providers' must be a mapping of provider ids to their details")
        raw_providers = {}
    for provider_id, item in raw_providers.items():
        provider = checker.provider(provider_id, item, line_of(raw_providers, provider_id))
        if provider:
            providers[provider_id] = provider
    raw_services = data.get("services")
    if not isinstance(raw_services, list):
        checker.error(line_of(data, "services"), "the file must have a list 'services:'")
        raw_services = []
    services: List[Service] = []
    first_line: Dict[str, int] = {}
    for index, item in enumerate(raw_services):
        line = line_of(raw_services, index)
        service_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(service_id, str) and service_id in first_line:
            checker.error(line, f"duplicate service id '{service_id}' (first on line {first_line[service_id]})")
            continue
        if isinstance(service_id, str):
            first_line[service_id] = line
        service = checker.service(item, line, providers)
        if service:
            services.append(service)
    errors = [p for p in checker.problems if p.severity == "error"]
    directory = None if errors else Directory(services=tuple(services), providers=providers, places=places)
    return directory, sorted(checker.problems, key=lambda p: p.line)


def read_text(path: Path) -> Tuple[Optional[str], List[Problem]]:
    """A file's text, or the problem that it cannot be read (missing, or not UTF-8: with the line
    of the first bad byte)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        return None, [Problem(str(path), 1, f"cannot read the file: {error.strerror}")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, [Problem(str(path), line, f"byte {raw[error.start]:#04x} is not UTF-8: save the file as UTF-8")]


def load_directory(services_path: Path, places_path: Path, today: dt.date) -> Tuple[Optional[Directory], List[Problem]]:
    """Load both files; problems of either are returned, with their own paths. Never raises for
    what is in the files: a structure no check foresaw is reported as a problem too."""
    places_text, place_problems = read_text(places_path)
    if places_text is None:
        return None, place_problems
    try:
        places_table, place_problems = PlacesTable.parse(places_text, str(places_path))
    except Exception as error:  # a shape no check foresaw: refused, never a crash
        return None, [Problem(str(places_path), 1, f"unexpected structure ({type(error).__name__}): check the nesting and the value types")]
    if places_table is None or any(p.severity == "error" for p in place_problems):
        return None, place_problems
    text, read_problems = read_text(services_path)
    if text is None:
        return None, place_problems + read_problems
    try:
        directory, problems = parse_directory(text, places_table, today, str(services_path))
    except Exception as error:  # as above
        return None, place_problems + [Problem(str(services_path), 1,
                                               f"unexpected structure ({type(error).__name__}): check the nesting and the value types")]
    return directory, place_problems + problems
