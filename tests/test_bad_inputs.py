"""The bad-input corpus (tests/data/bad_inputs/, 500+ inputs) through the live widget channel:
no 5xx answer, no process dies, every answer within the time bound, and Lotse still answers a
normal message afterwards. Needs a trained model."""
import base64
import collections
import threading
import time
import uuid

import pytest
import requests

from tests.support.bad_inputs import load_corpus
from tests.support.flows import running_bot
from tests.support.live import live_env
from tests.support.processes import children

pytestmark = pytest.mark.model
RASA_PORT, ACTIONS_PORT = 5111, 5161
# LOTSE_TURN_SECONDS (4) is the channel's own bound; one more second for the way there and back.
ANSWER_WITHIN_SECONDS = 5.0
CLIENTS = 3


def test_the_bad_input_corpus_never_gets_a_5xx_a_crash_or_a_slow_answer(tmp_path):
    corpus = load_corpus()
    assert len(corpus) >= 500
    url = f"http://127.0.0.1:{RASA_PORT}/webhooks/lotse/webhook"
    results, lock, work = [], threading.Lock(), iter(corpus)

    def client():
        session = requests.Session()
        for item in work:
            sender = f"bad-{uuid.uuid4().hex}"
            body = base64.b64decode(item["body_b64"]) if "body_b64" in item else None
            started = time.monotonic()
            try:
                if body is None:
                    status = session.post(url, json={"sender": sender, "message": item["message"]}, timeout=60).status_code
                else:
                    status = session.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=60).status_code
            except requests.RequestException as error:  # recorded, and the test says which input it was
                status, session = f"{type(error).__name__}: {item}"[:300], requests.Session()
            with lock:
                results.append((item["kind"], status, time.monotonic() - started))

    with running_bot(RASA_PORT, ACTIONS_PORT, extra_env=live_env(tmp_path)) as bot:
        processes = [bot.process.pid, *children(bot.process.pid)]
        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        alive = [pid for pid in processes if _alive(pid)]
        normal = requests.post(url, json={"sender": f"after-{uuid.uuid4().hex}", "message": "Ich suche einen Deutschkurs"}, timeout=60)
    statuses = collections.Counter(status for _, status, _ in results)
    slowest = max(seconds for _, _, seconds in results)
    print(f"\nbad inputs: {len(results)} sent; statuses {dict(statuses)}; slowest answer {slowest:.2f} s")
    assert len(results) == len(corpus)
    assert [r for r in results if not isinstance(r[1], int) or r[1] >= 500] == []
    assert alive == processes  # nothing crashed (lotse run would have restarted it)
    assert slowest < ANSWER_WITHIN_SECONDS, sorted(results, key=lambda r: -r[2])[:5]
    assert normal.status_code == 200 and any("Wo wohnen Sie" in (m.get("text") or "") for m in normal.json())


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
