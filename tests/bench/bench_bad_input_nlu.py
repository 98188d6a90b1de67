"""`make bench-bad-input`: the NLU time of every message of the bad-input corpus
(tests/data/bad_inputs/: compatibility characters, 1,000-character words, emoji floods, mixed
scripts, ...) with the trained model, in process: per kind the slowest and the p95, and the
worst message overall, against the 50 ms bound."""
from __future__ import annotations

import asyncio
import collections
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.cli.quiet import quiet_environment  # noqa: E402
from tests.support.bad_inputs import load_corpus  # noqa: E402

BOUND_MS = 50.0


async def main() -> int:
    os.environ.update(quiet_environment())
    import logging

    logging.disable(logging.WARNING)
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)  # no parse lines on the terminal

    agent = Agent.load(str(ROOT / "models" / "lotse.tar.gz"))
    for text in ("Hallo", "Ich suche einen Deutschkurs in Rostock", "<b>x</b> " * 20):  # warm up TensorFlow
        await agent.parse_message(text)
    times = collections.defaultdict(list)
    for item in load_corpus():
        if "message" not in item:
            continue
        started = time.perf_counter()
        await agent.parse_message(item["message"])
        times[item["kind"]].append(1000 * (time.perf_counter() - started))
    print(f"bench-bad-input: NLU time per message of the bad-input corpus (bound {BOUND_MS:.0f} ms)")
    print(f"{'kind':<16} {'n':>4} {'p95 ms':>8} {'max ms':>8}")
    worst = 0.0
    for kind, values in sorted(times.items(), key=lambda kv: -max(kv[1])):
        values.sort()
        worst = max(worst, values[-1])
        print(f"{kind:<16} {len(values):>4} {values[int(0.95 * (len(values) - 1))]:>8.1f} {values[-1]:>8.1f}")
    print(f"slowest message: {worst:.1f} ms ({'within' if worst < BOUND_MS else 'OVER'} the {BOUND_MS:.0f} ms bound), "
          f"{sum(len(v) for v in times.values())} messages")
    return 0 if worst < BOUND_MS else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
