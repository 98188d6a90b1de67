"""The safety answer never depends on the action server: with it frozen (SIGSTOP) or killed, a
danger message still gets the emergency numbers first, in the person's language, within 5 seconds.
Runs `lotse run` with the trained model (make train)."""
import os
import signal
import time
import uuid

import pytest
import requests

from bot.dialogue.catalog import get_catalog
from bot.understanding.safety import get_lexicon, safety_text
from tests.support.flows import running_bot
from tests.support.live import live_env
from tests.support.processes import child_running

pytestmark = pytest.mark.model
RASA_PORT, ACTIONS_PORT = 5108, 5158
ANSWER_WITHIN_SECONDS = 5.0


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    # On the fixture directory (tests/fixtures/live/), as every live test.
    with running_bot(RASA_PORT, ACTIONS_PORT, extra_env=live_env(tmp_path_factory.mktemp("faults"))) as live:
        yield live


def timed_say(sender, text):
    """As the widget sends it: with the page's language (German here) as metadata."""
    started = time.monotonic()
    response = requests.post(f"http://localhost:{RASA_PORT}/webhooks/lotse/webhook",
                             json={"sender": sender, "message": text, "metadata": {"language": "de"}}, timeout=60)
    response.raise_for_status()
    return response.json(), time.monotonic() - started


def texts(messages):
    return [m["text"] for m in messages if m.get("text")]


def test_the_health_endpoint_says_which_part_is_down(bot):
    """For a load balancer: 200 when a whole turn can be served, 503 naming the part that cannot."""
    url = f"http://localhost:{RASA_PORT}/webhooks/lotse/health"
    healthy = requests.get(url, timeout=30)
    assert healthy.status_code == 200
    assert healthy.json() == {"status": "ok", "model": "ok", "tracker_store": "ok", "action_server": "ok"}
    actions = child_running(bot.process.pid, "bot.cli.action_server")
    os.kill(actions, signal.SIGSTOP)
    try:
        down = requests.get(url, timeout=30)
    finally:
        os.kill(actions, signal.SIGCONT)
    assert down.status_code == 503
    assert down.json()["status"] == "unavailable" and down.json()["action_server"] != "ok" and down.json()["tracker_store"] == "ok"


def test_the_numbers_come_when_the_action_server_is_frozen_and_when_it_is_dead(bot):
    actions = child_running(bot.process.pid, "bot.cli.action_server")
    numbers, catalog = get_lexicon().numbers, get_catalog()
    sender = f"test-{uuid.uuid4().hex}"
    warm, _ = timed_say(sender, "Ich suche einen Deutschkurs")  # mid-referral: Lotse waits for the place
    assert texts(warm)
    os.kill(actions, signal.SIGSTOP)
    try:
        answer, seconds = timed_say(sender, "Mein Mann schlägt mich jeden Abend, ich habe Angst")
        assert seconds < ANSWER_WITHIN_SECONDS, seconds
        assert texts(answer)[0] == safety_text(catalog, "de", ["violence"], numbers)
        assert texts(answer)[-1] == catalog.text("de", "error_unavailable", **numbers)  # and not silence about the rest
        # A new conversation in another language: the language comes from the message itself.
        answer, seconds = timed_say(f"test-{uuid.uuid4().hex}", "زوجي يضربني كل ليلة وأنا خايفة")
        assert seconds < ANSWER_WITHIN_SECONDS, seconds
        assert texts(answer)[0] == safety_text(catalog, "ar", ["violence"], numbers)
        assert {"type": "language", "code": "ar", "dir": "rtl"} in [m.get("custom") for m in answer]
        assert texts(answer)[-1] == catalog.text("ar", "error_unavailable", **numbers)  # the note follows the message
    finally:
        os.kill(actions, signal.SIGCONT)
    os.kill(actions, signal.SIGKILL)
    answer, seconds = timed_say(f"test-{uuid.uuid4().hex}", "я больше не хочу жить")
    assert seconds < ANSWER_WITHIN_SECONDS, seconds
    assert texts(answer)[0] == safety_text(catalog, "ru", ["suicide"], numbers)
