"""Speed of the plain-Python hot paths: loading services.yml, one referral query, finding
places in a message. Prints numbers; asserts nothing (run with `make bench`)."""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.directory import NEEDS, find_services, load_directory  # noqa: E402
from bot.directory.places import PlacesTable  # noqa: E402
from bot.settings import get_settings  # noqa: E402

MESSAGES = ["Ich brauche einen Deutschkurs in Gustrow", "I live in Lütten Klein, 18107", "в Ростоке",
            "أعيش في روستوك", "Hallo", "my diploma from Syria needs recognition, I live near Stralsund"]


def per_item_ms(function: Callable[[], object], repeat: int, items: int = 1) -> str:
    """Time ``function`` ``repeat`` times; report per item when one call handles ``items``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000 / items)
    times.sort()
    return f"median {statistics.median(times):.3f} ms, p95 {times[int(len(times) * 0.95) - 1]:.3f} ms ({repeat} runs × {items})"


def main() -> int:
    settings = get_settings()
    today = settings.current_date()
    print("bench: directory and places (plain Python)")
    print("  load services.yml + places.yml:", per_item_ms(lambda: load_directory(settings.services_file, settings.places_file, today), 20))
    directory, _ = load_directory(settings.services_file, settings.places_file, today)
    places = PlacesTable.load(settings.places_file)
    queries = [([need], place) for need in NEEDS for place in ("rostock", "guestrow", "stralsund", "schwerin", None)]

    def all_queries() -> None:
        for needs, place in queries:
            find_services(directory, needs, place, today, language="ar")

    print("  one referral query:", per_item_ms(all_queries, 50, len(queries)))
    print("  find places in one message:", per_item_ms(lambda: [places.find_mentions(m) for m in MESSAGES], 200, len(MESSAGES)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
