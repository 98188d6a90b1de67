"""Several needs in one message: the intent names one, the words of the ``needs`` section of
``bot/understanding/words/<code>.yml`` the others. Plain Python."""
from __future__ import annotations

import functools
from typing import Dict, List, Optional, Sequence

from bot.directory.model import NEEDS
from bot.text.phrases import PhraseSet
from bot.understanding.word_lists import phrase_sets


@functools.lru_cache(maxsize=1)
def need_phrases() -> Dict[str, PhraseSet]:
    return phrase_sets("needs")


def needs_of_message(intent_need: Optional[str], text: str, phrases: Optional[Dict[str, PhraseSet]] = None) -> List[str]:
    """The need of the intent first, then every other need the message names, in NEEDS order."""
    phrases = phrases or need_phrases()
    found = [need for need in NEEDS if need != intent_need and phrases[need].matches(text)]
    return ([intent_need] if intent_need else []) + found


def referral_needs(need: Optional[str], needs: Optional[Sequence[str]]) -> List[str]:
    """The needs to refer for: the ``needs`` slot when it belongs to the current need."""
    if needs and need and need in needs:
        return list(needs)
    return [need] if need else []
