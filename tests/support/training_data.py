"""The training examples of data/nlu/, as the tests compare them with held-out data."""
import re
from pathlib import Path
from typing import List, Optional, Set, Tuple

import yaml

from bot.settings import NLU_DIR
from bot.text.norm import strip_annotations


def normalise(text: str) -> str:
    """Annotations replaced by their text, case folded, words only: how two sentences are compared."""
    return " ".join(re.findall(r"\w+", strip_annotations(text).casefold()))


def labelled_training_examples(pattern: str = "*.yml", with_lookups: bool = False, nlu_dir: Path = NLU_DIR) -> List[Tuple[str, Optional[str]]]:
    """(text, intent) of every intent example in data/nlu/ (files matching ``pattern``); with
    ``with_lookups`` also the lookup tables' entries (the danger detector's examples), intent None."""
    pairs = []
    for path in Path(nlu_dir).rglob(pattern):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" not in block and not with_lookups:
                continue
            for line in (block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    pairs.append((line[2:], block.get("intent")))
    return pairs


def training_examples(with_lookups: bool = False) -> Set[str]:
    return {normalise(text) for text, _ in labelled_training_examples(with_lookups=with_lookups)}
