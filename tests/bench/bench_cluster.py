"""`make bench-cluster`: the scale-out topology measured on this machine, with 1 and with 2 Rasa
replicas behind nginx (`lotse run --cluster --replicas N`, PostgreSQL and Redis started with it).

For each: seconds from start to the first answer, then CONVERSATIONS closed-loop clients (no
pauses) each running two-turn referrals (a need, then a place) through nginx for TURNS turns in
all: turns per second, p50/p95 per turn, errors. Loopback only, bounded counts."""
from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import List

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support.flows import running_bot  # noqa: E402
from tests.support.live import live_env  # noqa: E402

PUBLIC_PORT, ACTIONS_PORT = 5140, 5190
CONVERSATIONS = 20
TURNS = 400
NEEDS = ["Ich suche einen Deutschkurs", "Ich möchte meinen Abschluss anerkennen lassen", "Ich will ein Unternehmen gründen"]
PLACES = ["Rostock", "Güstrow", "Stralsund"]


def measure(replicas: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="lotse-bench-cluster-") as work:
        Path(work).chmod(0o711)  # PostgreSQL (as the user postgres when run as root) must reach its folder
        env = {**live_env(Path(work)), "LOTSE_DATA_DIR": str(Path(work) / "data")}
        started = time.monotonic()
        with running_bot(PUBLIC_PORT, ACTIONS_PORT, extra_env=env, args=["--cluster", "--replicas", str(replicas)], timeout=600):
            url = f"http://127.0.0.1:{PUBLIC_PORT}/webhooks/lotse/webhook"
            requests.post(url, json={"sender": f"bench-{uuid.uuid4().hex}", "message": "Hallo"}, timeout=60).raise_for_status()
            first_answer = time.monotonic() - started
            times: List[float] = []
            errors = [0]
            lock = threading.Lock()
            budget = iter(range(TURNS))

            def client(index: int) -> None:
                session = requests.Session()
                sender, turn = f"bench-{uuid.uuid4().hex}", 0
                for _ in budget:
                    text = NEEDS[index % len(NEEDS)] if turn % 2 == 0 else PLACES[index % len(PLACES)]
                    begin = time.monotonic()
                    try:
                        ok = session.post(url, json={"sender": sender, "message": text}, timeout=60).status_code == 200
                    except requests.RequestException:
                        ok = False
                    with lock:
                        (times.append(time.monotonic() - begin) if ok else errors.__setitem__(0, errors[0] + 1))
                    turn += 1
                    if turn % 2 == 0:
                        sender = f"bench-{uuid.uuid4().hex}"

            load_started = time.monotonic()
            threads = [threading.Thread(target=client, args=(i,)) for i in range(CONVERSATIONS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.monotonic() - load_started
    times.sort()
    return {"replicas": replicas, "first_answer_s": first_answer, "turns_per_s": len(times) / seconds,
            "p50_ms": 1000 * statistics.median(times), "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))], "errors": errors[0]}


def main() -> int:
    import os

    rows = [measure(replicas) for replicas in (1, 2)]
    print(f"bench-cluster: {CONVERSATIONS} conversations at once, no pauses, {TURNS} turns through nginx, {os.cpu_count()} cores")
    print(f"{'replicas':>8} {'start→answer':>13} {'turns/s':>8} {'p50':>8} {'p95':>8} {'errors':>6}")
    for r in rows:
        print(f"{r['replicas']:>8} {r['first_answer_s']:>11.1f} s {r['turns_per_s']:>8.1f} {r['p50_ms']:>6.0f}ms {r['p95_ms']:>6.0f}ms {r['errors']:>6}")
    print(f"2 replicas / 1 replica throughput: {rows[1]['turns_per_s'] / rows[0]['turns_per_s']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
