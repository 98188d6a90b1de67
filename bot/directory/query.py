"""Answer the one question Lotse asks the directory: which services fit this person?

Ranking, in order: serves the person's place; distance to the nearest location (in
10 km steps, so a service a few streets further that speaks the person's language
comes first); is for a group the person said they belong to; speaks the person's language; its funding period not lapsed; exact distance.
When nothing serves the place, offer what serves the whole state or works by phone,
e-mail or online, and say so (``QueryResult.place_served`` is False).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from bot.directory.model import REMOTE_CHANNELS, Directory, Location, Service
from bot.directory.places import REGION_ID, haversine_km

DISTANCE_STEP_KM = 10.0
LOCAL_LANGUAGE = "de"
# The audience groups that restrict who a service is for ("organisations" never reaches a person).
RESTRICTING_GROUPS = ("women", "refugees", "asylum_seekers", "tolerated")
# Belonging to a group also means belonging to these: asylum seekers and people with a
# tolerated stay are refugees in the sense of the refugee programmes.
_ALSO = {"asylum_seekers": ("refugees",), "tolerated": ("refugees",)}
# In a situation, "!group" says the person is not in that group.
NOT = "!"


@dataclass(frozen=True)
class Reason:
    """One reason a service fits, for the catalog to put into words: ``code`` plus values."""

    code: str
    values: Dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    service: Service
    location: Optional[Location]
    distance_km: Optional[float]
    serves_place: bool
    language_match: bool
    lapsed: bool
    reasons: Tuple[Reason, ...]


@dataclass(frozen=True)
class QueryResult:
    matches: Tuple[Match, ...]
    place_id: Optional[str]
    place_served: bool
    place_in_region: bool


def _location_coords(directory: Directory, location: Location) -> Optional[Tuple[float, float]]:
    if location.lat is not None and location.lon is not None:
        return (location.lat, location.lon)
    return directory.places.coordinates(location.place)


def _nearest(directory: Directory, service: Service, origin: Optional[Tuple[float, float]]) -> Tuple[Optional[Location], Optional[float]]:
    best: Tuple[Optional[Location], Optional[float]] = (service.locations[0] if service.locations else None, None)
    if origin is None:
        return best
    for location in service.locations:
        coords = _location_coords(directory, location)
        if coords is None:
            continue
        distance = haversine_km(origin, coords)
        if best[1] is None or distance < best[1]:
            best = (location, distance)
    return best


def situation_groups(situation: Iterable[str]) -> Tuple[Set[str], Set[str]]:
    """(groups the person is in, groups they said they are not in)."""
    member: Set[str] = set()
    denied: Set[str] = set()
    for item in situation:
        if item.startswith(NOT):
            denied.add(item[len(NOT):])
        else:
            member.update((item,) + _ALSO.get(item, ()))
    return member, denied - member


def _targets(service: Service, member: Set[str]) -> bool:
    return bool(member & set(service.audience))


def _fits_situation(service: Service, situation: Iterable[str]) -> bool:
    """A service for some groups fits unless the person said they are in none of them."""
    required = {group for group in service.audience if group in RESTRICTING_GROUPS}
    if not required:
        return True
    member, denied = situation_groups(situation)
    return bool(required & member) or not required <= denied


def _serves(directory: Directory, service: Service, place_id: Optional[str]) -> bool:
    if place_id is None or place_id not in directory.places.places:
        return False
    return any(directory.places.overlaps(place_id, area) for area in service.area)


def _remote_or_statewide(service: Service) -> bool:
    return REGION_ID in service.area or bool(set(service.channels) & set(REMOTE_CHANNELS))


def find_services(
    directory: Directory,
    needs: Sequence[str],
    place_id: Optional[str],
    today: dt.date,
    language: Optional[str] = None,
    situation: Iterable[str] = (),
    limit: int = 3,
) -> QueryResult:
    """The services that fit ``needs`` for a person at ``place_id``, best first, with reasons."""
    situation = tuple(situation)
    place_known = place_id is not None and place_id in directory.places.places
    origin = directory.places.coordinates(place_id) if place_id is not None and place_known else None
    matches: List[Match] = []
    for service in directory.services:
        served_needs = [need for need in needs if need in service.needs]
        if not served_needs or not service.is_offered(today) or not _fits_situation(service, situation):
            continue
        location, distance = _nearest(directory, service, origin)
        serves = _serves(directory, service, place_id)
        speaks = language is not None and language in service.languages
        reasons = [Reason("need", {"needs": served_needs})]
        if serves and place_known:
            reasons.append(Reason("serves_place", {"place": place_id}))
        elif REGION_ID in service.area:
            reasons.append(Reason("statewide", {}))
        if location is not None and distance is not None:
            reasons.append(Reason("nearest", {"place": location.place, "km": round(distance)}))
        remote = [c for c in service.channels if c in REMOTE_CHANNELS]
        if remote and not serves:
            reasons.append(Reason("remote", {"channels": remote}))
        if speaks and language != LOCAL_LANGUAGE:  # every service here counsels in German; not worth saying
            reasons.append(Reason("language", {"language": language}))
        groups = [group for group in service.audience if group in RESTRICTING_GROUPS]
        if groups:
            reasons.append(Reason("audience", {"groups": groups}))
        matches.append(Match(service, location, distance, serves, speaks, service.period_lapsed(today), tuple(reasons)))

    member, _ = situation_groups(situation)
    local = [m for m in matches if m.serves_place]
    chosen = local or [m for m in matches if _remote_or_statewide(m.service)]

    def rank(match: Match) -> Tuple[Any, ...]:
        distance = match.distance_km if match.distance_km is not None else float("inf")
        # A service for a group the person said they are in comes before general ones nearby.
        targeted = _targets(match.service, member)
        return (not match.serves_place, distance // DISTANCE_STEP_KM, not targeted, not match.language_match,
                match.lapsed, distance, match.service.id)

    chosen.sort(key=rank)
    return QueryResult(
        matches=tuple(chosen[:limit]),
        place_id=place_id if place_known else None,
        place_served=bool(local),
        place_in_region=place_known and directory.places.in_region(place_id or ""),
    )
