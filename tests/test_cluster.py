"""The scale-out topology, for real: `lotse run --cluster --replicas 2` starts PostgreSQL, Redis,
two Rasa replicas on 127.0.0.1 and nginx in front (Debian's packages; `make test` installs them).
A conversation keeps its state whichever replica answers, its messages are answered one at a
time (Redis lock store), it goes on when a replica dies, and deleting it removes its rows from
PostgreSQL. Needs a trained model."""
import os
import re
import shutil
import signal
import tempfile
import threading
import uuid
from pathlib import Path

import pytest
import requests

from bot.cli.local_services import Postgres
from tests.support.flows import TEST_API_TOKEN, running_bot
from tests.support.live import live_env
from tests.support.processes import child_running

pytestmark = pytest.mark.model
PUBLIC_PORT, ACTIONS_PORT = 5130, 5180
REPLICAS = (5131, 5132)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    work = tmp_path_factory.mktemp("cluster")
    # PostgreSQL runs as the user postgres (when the tests run as root): its folder must be reachable.
    data = Path(tempfile.mkdtemp(prefix="lotse-cluster-"))
    data.chmod(0o711)
    env = {**live_env(work), "LOTSE_DATA_DIR": str(data)}
    with running_bot(PUBLIC_PORT, ACTIONS_PORT, extra_env=env, args=["--cluster", "--replicas", "2"], timeout=480) as bot:
        database_port = int(re.search(r"postgresql://postgres@127\.0\.0\.1:(\d+)/lotse", bot.startup_output).group(1))
        yield bot, Postgres(data / "postgres", database_port)
    shutil.rmtree(data, ignore_errors=True)


def say(port, sender, text):
    response = requests.post(f"http://127.0.0.1:{port}/webhooks/lotse/webhook", json={"sender": sender, "message": text}, timeout=60)
    response.raise_for_status()
    return response.json()


def services(messages):
    return [m["custom"] for m in messages if (m.get("custom") or {}).get("type") == "service"]


def new_sender():
    return f"test-{uuid.uuid4().hex}"


def test_only_nginx_is_public_and_it_answers(cluster):
    bot, _ = cluster
    assert "2 Rasa replicas on 127.0.0.1:5131-5132, nginx in front on port 5130" in bot.startup_output
    assert say(PUBLIC_PORT, new_sender(), "Hallo")


def test_turns_alternating_between_replicas_keep_the_state(cluster):
    sender = new_sender()
    asked = say(REPLICAS[0], sender, "Ich möchte meinen Berufsabschluss anerkennen lassen")
    assert any("Wo wohnen Sie" in (m.get("text") or "") for m in asked)
    answer = say(REPLICAS[1], sender, "Güstrow")  # the other replica knows the need
    assert services(answer) and all("recognition" in s["needs"] for s in services(answer))


def test_messages_of_one_conversation_sent_at_once_are_answered_one_after_the_other(cluster):
    sender = new_sender()
    texts = ["Hallo", "Ich suche einen Deutschkurs", "Rostock"]
    answers = {}
    threads = [threading.Thread(target=lambda t=t: answers.setdefault(t, say(PUBLIC_PORT, sender, t))) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert set(answers) == set(texts) and all(answers.values())
    tracker = requests.get(f"http://127.0.0.1:{REPLICAS[0]}/conversations/{sender}/tracker",
                           params={"token": TEST_API_TOKEN}, timeout=30).json()
    # Each message is followed by its whole turn (ending in action_listen) before the next one.
    steps = [e["event"] if e["event"] == "user" else "listen" for e in tracker["events"]
             if e["event"] == "user" or (e["event"] == "action" and e.get("name") == "action_listen")]
    turns = steps[steps.index("user"):]
    assert turns == ["user", "listen"] * len(texts), "; ".join(f"{e['event']}:{e.get('name') or e.get('text')}" for e in tracker["events"])


def test_a_replica_killed_in_the_middle_of_a_conversation_loses_nothing(cluster):
    bot, _ = cluster
    sender = new_sender()
    assert say(PUBLIC_PORT, sender, "Ich möchte ein Unternehmen gründen")
    os.kill(child_running(bot.process.pid, str(REPLICAS[0])), signal.SIGKILL)
    answer = say(PUBLIC_PORT, sender, "Rostock")  # nginx passes it to the replica that lives
    assert services(answer) and all("business_startup" in s["needs"] for s in services(answer))


def test_deleting_removes_the_conversation_from_postgresql(cluster):
    _, postgres = cluster
    sender = new_sender()
    say(PUBLIC_PORT, sender, "Ich suche einen Deutschkurs in Rostock")
    assert int(postgres.query("lotse", f"SELECT count(*) FROM events WHERE sender_id = '{sender}'")) > 0
    asked = say(PUBLIC_PORT, sender, "Bitte lösche meine Daten")
    assert any(m.get("buttons") for m in asked)
    say(PUBLIC_PORT, sender, "/confirm_delete")
    assert int(postgres.query("lotse", f"SELECT count(*) FROM events WHERE sender_id = '{sender}'")) == 0
