"""Several needs in one message: the intent names one, the words of ``bot/need_words.yml`` the
others. Plain Python."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

from bot.directory.model import NEEDS
from bot.phrases import PhraseSet

NEED_WORDS_FILE = Path(__file__).resolve().parent / "need_words.yml"


@functools.lru_cache(maxsize=1)
def need_phrases(path: Path = NEED_WORDS_FILE) -> Dict[str, PhraseSet]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {need: PhraseSet(p for phrases in raw[need].values() for p in phrases) for need in NEEDS}


def needs_of_message(intent_need: Optional[str], text: str, phrases: Dict[str, PhraseSet] = None) -> List[str]:
    """The need of the intent first, then every other need the message names, in NEEDS order."""
    phrases = phrases or need_phrases()
    found = [need for need in NEEDS if need != intent_need and phrases[need].matches(text)]
    return ([intent_need] if intent_need else []) + found


def referral_needs(need: Optional[str], needs: Optional[Sequence[str]]) -> List[str]:
    """The needs to refer for: the ``needs`` slot when it belongs to the current need."""
    if needs and need and need in needs:
        return list(needs)
    return [need] if need else []
