"""Turn a directory answer into the messages a person sees: an intro, then per service a
readable text and a ``custom`` payload for the widget (shape documented in README.md).

Plain Python: takes a :class:`QueryResult` and the catalog, returns Rasa-style message dicts
(``{"text": ...}`` or ``{"custom": {...}}``) for the action to send.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional, Sequence

from bot.dialogue.catalog import Catalog
from bot.directory.model import Directory, Location, in_language
from bot.directory.query import Match, QueryResult, Reason
from bot.directory.schedule import next_sessions
from bot.understanding.language import text_direction

Message = Dict[str, Any]
# How many next consultation times a card shows.
NEXT_TIMES = 2


def topics_text(catalog: Catalog, language: str, needs: Sequence[str]) -> str:
    return catalog.join_list(language, [catalog.text(language, f"topic_{need}") for need in needs])


def _reason_phrase(catalog: Catalog, language: str, directory: Directory, reason: Reason) -> Optional[str]:
    values = reason.values
    if reason.code == "need":
        return catalog.text(language, "why_need", topics=topics_text(catalog, language, values["needs"]))
    if reason.code == "serves_place":
        return catalog.text(language, "why_serves_place", place=directory.places.display_name(values["place"]))
    if reason.code == "statewide":
        return catalog.text(language, "why_statewide")
    if reason.code == "nearest":
        place = directory.places.display_name(values["place"])
        if values["km"] < 5:
            return catalog.text(language, "why_nearest_here", place=place)
        return catalog.text(language, "why_nearest", place=place, km=values["km"])
    if reason.code == "remote":
        return catalog.text(language, "why_remote")
    if reason.code == "language":
        return catalog.text(language, "why_language", language=catalog.text(language, f"language_{values['language']}"))
    if reason.code == "audience":
        groups = [catalog.text(language, f"group_{group}") for group in values["groups"]]
        return catalog.text(language, "why_audience", groups=catalog.join_list(language, groups))
    return None


def why_text(catalog: Catalog, language: str, directory: Directory, match: Match) -> str:
    phrases = [p for p in (_reason_phrase(catalog, language, directory, r) for r in match.reasons) if p]
    return catalog.text(language, "why", reasons=catalog.join_list(language, phrases))


def _localised(catalog: Catalog, language: str, text: Optional[Dict[str, str]]) -> Optional[str]:
    if not text:
        return None
    value, used = in_language(text, language)
    return value if used == language else f"{value} {catalog.text(language, 'card_in_german')}"


def _where(catalog: Catalog, language: str, directory: Directory, location: Optional[Location]) -> Optional[str]:
    if location is None:
        return None
    parts = [_localised(catalog, language, location.name), location.address]
    if not location.address:
        parts.append(directory.places.display_name(location.place))
    return ", ".join(dict.fromkeys(p for p in parts if p))


def _clock(time: dt.time) -> str:
    return time.strftime("%H:%M")


def next_times(catalog: Catalog, language: str, location: Optional[Location], now: dt.datetime) -> List[Dict[str, str]]:
    """The location's next consultation times, each with a short text ("Di 01.12., 09:00–12:00")."""
    if location is None or not location.times:
        return []
    weekdays = [day.strip() for day in catalog.text(language, "weekday_names").split(",")]
    return [{"date": session.day.isoformat(), "from": _clock(session.start), "to": _clock(session.end),
             "text": f"{weekdays[session.day.weekday()]} {session.day:%d.%m.}, {_clock(session.start)}–{_clock(session.end)}"}
            for session in next_sessions(location.times, now, NEXT_TIMES)]


def next_times_line(catalog: Catalog, language: str, payload: Dict[str, Any]) -> str:
    """The line "Next consultation times: Do 03.12., 13:00–15:00; ..." of a card or the summary."""
    return catalog.text(language, "card_next_times", times="; ".join(t["text"] for t in payload["next_times"]))


def service_payload(catalog: Catalog, language: str, directory: Directory, match: Match, today: dt.date,
                    now: Optional[dt.datetime] = None) -> Dict[str, Any]:
    """The widget's ``service`` payload; every value already in the person's language."""
    service, location = match.service, match.location
    now = now or dt.datetime.combine(today, dt.time.min)
    coords = None
    if location is not None:
        coords = (location.lat, location.lon) if location.lat is not None else directory.places.coordinates(location.place)
    payload: Dict[str, Any] = {
        "type": "service",
        "id": service.id,
        "name": _localised(catalog, language, service.name),
        "provider": service.provider.name,
        "needs": list(service.needs),
        "place": {
            "name": _where(catalog, language, directory, location),
            "address": location.address if location else None,
            "lat": coords[0] if coords else None,
            "lon": coords[1] if coords else None,
        },
        "contact": service.all_contact(),
        "hours": _localised(catalog, language, location.hours) if location else None,
        "next_times": next_times(catalog, language, location, now),
        "languages": list(service.languages),
        "why": why_text(catalog, language, directory, match),
        "distance_km": round(match.distance_km, 1) if match.distance_km is not None else None,
        "notice": None,
    }
    if match.lapsed and service.valid_until:
        payload["notice"] = catalog.text(language, "card_check_first", date=service.valid_until.strftime("%d.%m.%Y"))
    elif service.unverified:
        payload["notice"] = catalog.text(language, "card_unverified")
    return payload


def service_text(catalog: Catalog, language: str, payload: Dict[str, Any]) -> str:
    """The readable twin of a service payload."""
    lines = [payload["name"], catalog.text(language, "card_provider", provider=payload["provider"]), payload["why"]]
    if payload["place"]["name"]:
        lines.append(catalog.text(language, "card_where", where=payload["place"]["name"]))
    if payload["hours"]:
        lines.append(catalog.text(language, "card_hours", hours=payload["hours"]))
    if payload["next_times"]:
        lines.append(next_times_line(catalog, language, payload))
    if payload["languages"]:
        names = [catalog.text(language, f"language_{code}") if catalog.has(f"language_{code}") else code for code in payload["languages"]]
        lines.append(catalog.text(language, "card_languages", languages=", ".join(names)))
    contact = payload["contact"]
    for key in ("phone", "email", "website"):
        if contact.get(key):
            lines.append(catalog.text(language, f"card_{key}", **{key: contact[key]}))
    if payload["notice"]:
        lines.append(payload["notice"])
    return "\n".join(lines)


def referral_messages(
    catalog: Catalog, language: str, directory: Directory, result: QueryResult, needs: Sequence[str], today: dt.date,
    now: Optional[dt.datetime] = None,
) -> List[Message]:
    """Intro plus, per service, a text message and a ``custom`` payload message."""
    topics = topics_text(catalog, language, needs)
    place = directory.places.display_name(result.place_id) if result.place_id else None
    if not result.matches:
        return [{"text": catalog.text(language, "services_none", topics=topics)}]
    if result.place_served:
        intro = catalog.text(language, "services_intro", topics=topics, place=place)
    elif place and not result.place_in_region:
        intro = catalog.text(language, "services_intro_outside", topics=topics, place=place)
    elif place:
        intro = catalog.text(language, "services_intro_not_local", topics=topics, place=place)
    else:
        intro = catalog.text(language, "services_intro_place_unknown", topics=topics)
    messages: List[Message] = [{"text": intro}]
    for match in result.matches:
        payload = service_payload(catalog, language, directory, match, today, now)
        messages.append({"text": service_text(catalog, language, payload)})
        messages.append({"custom": payload})
    return messages


def handoff_messages(
    catalog: Catalog, language: str, directory: Directory, result: QueryResult, needs: Sequence[str], today: dt.date,
    now: Optional[dt.datetime] = None,
) -> List[Message]:
    """"I want to talk to a person": Lotse says plainly that it is a program, then gives the
    contact of the service that fits best (phone, e-mail, where and when), to reach a counsellor."""
    messages: List[Message] = [{"text": catalog.text(language, "handoff_intro")}]
    if not result.matches:
        return messages + [{"text": catalog.text(language, "services_none", topics=topics_text(catalog, language, needs))}]
    payload = service_payload(catalog, language, directory, result.matches[0], today, now)
    return messages + [{"text": service_text(catalog, language, payload)}, {"custom": payload}]


def summary_text(
    catalog: Catalog, language: str, directory: Directory, result: QueryResult, needs: Sequence[str], today: dt.date,
    now: Optional[dt.datetime] = None,
) -> str:
    """A short summary to show or forward to a counselling office: the need(s), the place and
    the matched services with their contacts. Nothing else about the person."""
    place = directory.places.display_name(result.place_id) if result.place_id else "–"
    lines = [catalog.text(language, "summary_title"),
             catalog.text(language, "summary_need", topics=topics_text(catalog, language, needs)),
             catalog.text(language, "summary_place", place=place)]
    for match in result.matches:
        payload = service_payload(catalog, language, directory, match, today, now)
        lines.append(f"• {payload['name']} – {payload['provider']}")
        details = [payload["place"]["address"] or payload["place"]["name"], payload["hours"]]
        if payload["next_times"]:
            details.append(next_times_line(catalog, language, payload))
        details += [payload["contact"].get(key) for key in ("phone", "email", "website")]
        lines += [f"  {detail}" for detail in details if detail]
    return "\n".join(lines)


def summary_messages(
    catalog: Catalog, language: str, directory: Directory, result: QueryResult, needs: Sequence[str], today: dt.date,
    now: Optional[dt.datetime] = None,
) -> List[Message]:
    """The summary in the person's language and, for the counsellor, in German: a ``summary``
    payload for the widget (its box with "copy" and "print"), then the same parts as text."""
    languages = [language] if language == "de" else [language, "de"]
    parts = [{"language": code, "dir": text_direction(code), "text": summary_text(catalog, code, directory, result, needs, today, now)}
             for code in languages]
    return [{"custom": {"type": "summary", "parts": parts}}] + [{"text": part["text"]} for part in parts]
