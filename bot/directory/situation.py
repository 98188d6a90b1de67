"""Who a service is for, and the one question Lotse may ask about it.

Some services are only for some groups (``for:`` in services.yml: women, refugees, asylum
seekers, people with a tolerated stay). Lotse asks a yes/no question about such a group only
when the answer changes the referral, says why it asks, and lets the person decline. It
listens for the same groups in what the person writes (the ``situation`` section of ``bot/understanding/words/<code>.yml``) so it does
not ask what it was told. Never a name, nationality, date of birth or document.

The ``situation`` slot holds what the person said: group ids joined by commas, ``!`` before a
group they are not in ("tolerated,!women"), or ``unsaid`` when they declined to answer.
Plain Python.
"""
from __future__ import annotations

import datetime as dt
import functools
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from bot.directory.model import Directory
from bot.directory.query import NOT, RESTRICTING_GROUPS, find_services, situation_groups
from bot.text.phrases import PhraseSet
from bot.understanding.word_lists import phrase_sets

UNSAID = "unsaid"
# Asking for these needs already says the group: "coaching for migrant women" is asked by or for a woman.
IMPLIED_BY_NEED: Dict[str, Tuple[str, ...]] = {"women_coaching": ("women",)}


@functools.lru_cache(maxsize=1)
def situation_phrases() -> Dict[str, PhraseSet]:
    return phrase_sets("situation")


def groups_told(text: str, phrases: Optional[Dict[str, PhraseSet]] = None) -> List[str]:
    """The groups a message says the person belongs to, in RESTRICTING_GROUPS order."""
    phrases = phrases or situation_phrases()
    return [group for group in RESTRICTING_GROUPS if phrases[group].matches(text)]


def parse(slot_value: Optional[str]) -> Optional[Tuple[str, ...]]:
    """The slot as the ``situation`` that find_services takes; ``None`` when nothing was said yet.
    Declining (``unsaid``) is the empty situation: every offer, each saying who it is for."""
    if not slot_value:
        return None
    if slot_value == UNSAID:
        return ()
    return tuple(part for part in slot_value.split(",") if part)


def merged(slot_value: Optional[str], items: Iterable[str]) -> str:
    """The slot after the person told ``items`` (groups, or ``!group``): added to what they
    told before; a later answer about a group replaces an earlier one."""
    def group(item: str) -> str:
        return item[len(NOT):] if item.startswith(NOT) else item
    new = [i for i in items if group(i) in RESTRICTING_GROUPS]
    replaced = {group(i) for i in new}
    before = [i for i in (parse(slot_value) or ()) if group(i) not in replaced]
    return ",".join(dict.fromkeys(before + new))


def denied(groups: Iterable[str]) -> List[str]:
    return [NOT + g for g in groups]


def question_groups(directory: Directory, needs: Sequence[str], place_id: Optional[str], today: dt.date,
                    language: Optional[str], situation: Optional[Sequence[str]], limit: int) -> Tuple[str, ...]:
    """The groups to ask about, or ``()`` when no answer would change the referral: a service
    among the offers is for some groups only, the person has not said whether they belong,
    and with "yes" the offers would differ from those with "no"."""
    if situation == ():  # declined: never asked again
        return ()
    member, not_member = situation_groups(situation or ())
    for need in needs:
        implied = set(IMPLIED_BY_NEED.get(need, ()))
        offers = find_services(directory, [need], place_id, today, language=language, limit=limit)
        for match in offers.matches:
            groups = tuple(g for g in match.service.audience if g in RESTRICTING_GROUPS)
            if not groups or (implied | member) & set(groups) or set(groups) <= not_member:
                continue
            yes = find_services(directory, [need], place_id, today, language=language, situation=groups, limit=limit)
            no = find_services(directory, [need], place_id, today, language=language, situation=denied(groups), limit=limit)
            if _ids(yes) != _ids(no):
                return groups
    return ()


def situation_for(needs: Sequence[str], slot_value: Optional[str]) -> Tuple[str, ...]:
    """What to filter the offers for ``needs`` by: what the person said, plus what the needs say."""
    told = parse(slot_value) or ()
    implied = tuple(g for need in needs for g in IMPLIED_BY_NEED.get(need, ()))
    if not implied:
        return told
    return tuple(dict.fromkeys([i for i in told if i.lstrip(NOT) not in implied] + list(implied)))


def _ids(result) -> List[str]:
    return [match.service.id for match in result.matches]
