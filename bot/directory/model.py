"""The services directory's data types. Built by :mod:`bot.directory.loader`, read by :mod:`bot.directory.query`."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple

from bot.directory.places import PlacesTable
from bot.directory.schedule import ConsultationTime
from bot.registry import need_ids

# What a person can be referred for: bot/registry.yml.
NEEDS = need_ids()
# Who a service is for. An empty list means everyone; "organisations" means not for individuals.
AUDIENCES = ("women", "refugees", "asylum_seekers", "tolerated", "low_qualified", "organisations")
CHANNELS = ("in_person", "phone", "email", "online")
STATUSES = ("active", "ended")
REMOTE_CHANNELS = ("phone", "email", "online")

# A text that may carry translations: {"de": "...", "en": "..."}; German is required.
Text = Dict[str, str]


def in_language(text: Text, language: str, fallback: str = "de") -> Tuple[str, str]:
    """(text, language it is in): the translation if there is one, else the German text."""
    if language in text:
        return text[language], language
    if fallback in text:
        return text[fallback], fallback
    first = next(iter(text.items()), ("", fallback))
    return first[1], first[0]


@dataclass(frozen=True)
class Location:
    place: str
    name: Optional[Text] = None
    address: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    hours: Optional[Text] = None
    times: Tuple[ConsultationTime, ...] = ()


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    website: Optional[str] = None
    contact: Dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Service:
    id: str
    name: Text
    provider: Provider
    needs: Tuple[str, ...]
    area: Tuple[str, ...]
    verified: Optional[dt.date]
    source: str
    description: Optional[Text] = None
    audience: Tuple[str, ...] = ()
    locations: Tuple[Location, ...] = ()
    languages: Tuple[str, ...] = ()
    contact: Dict[str, str] = field(default_factory=dict)
    channels: Tuple[str, ...] = ()
    valid_from: Optional[dt.date] = None
    valid_until: Optional[dt.date] = None
    status: str = "active"
    unverified: bool = False
    line: int = 0

    def all_contact(self) -> Dict[str, str]:
        """The service's own contact, completed by its provider's."""
        merged = dict(self.provider.contact)
        if self.provider.website:
            merged.setdefault("website", self.provider.website)
        merged.update(self.contact)
        return merged

    def is_offered(self, today: dt.date) -> bool:
        """Ended services stay in the file for the record but are never offered."""
        if self.status == "ended" or "organisations" in self.audience:
            return False
        return self.valid_from is None or self.valid_from <= today

    def period_lapsed(self, today: dt.date) -> bool:
        """Its last known funding period is over with no news: offer it, but say to call first."""
        return self.status == "active" and self.valid_until is not None and self.valid_until < today


@dataclass(frozen=True)
class Directory:
    services: Tuple[Service, ...]
    providers: Dict[str, Provider]
    places: PlacesTable

    def get(self, service_id: str) -> Optional[Service]:
        return next((s for s in self.services if s.id == service_id), None)
