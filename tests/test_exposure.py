"""Least exposure, checked on the running processes: both servers listen on 127.0.0.1 only, the
action server answers only with the shared token, no token is visible in a command line, bodies
are bounded before they are read, and a failing action's answer and logs carry nothing a person
wrote. Needs a trained model."""
import json
import uuid
from pathlib import Path

import pytest
import requests

from tests.support.flows import TEST_API_TOKEN, running_bot
from tests.support.live import live_env
from tests.support.processes import children

pytestmark = pytest.mark.model
RASA_PORT, ACTIONS_PORT = 5110, 5160
ACTION_TOKEN = "exposure-test-" + uuid.uuid4().hex
SECRET_TEXT = "GEHEIM-" + uuid.uuid4().hex[:12]  # stands for what a person wrote


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    work = tmp_path_factory.mktemp("exposure")
    with running_bot(RASA_PORT, ACTIONS_PORT, extra_env={**live_env(work), "LOTSE_ACTION_TOKEN": ACTION_TOKEN}) as live:
        yield live, work


def listening_addresses(port):
    """The local addresses a TCP port listens on, from /proc/net/tcp and tcp6 (Linux)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_both_servers_listen_on_loopback_only(bot):
    assert listening_addresses(RASA_PORT) == {"0100007F"}  # 127.0.0.1
    assert listening_addresses(ACTIONS_PORT) == {"0100007F"}


def test_no_token_is_visible_in_a_command_line(bot):
    live, _ = bot
    for pid in [live.process.pid, *children(live.process.pid)]:
        command_line = (Path("/proc") / str(pid) / "cmdline").read_bytes().decode(errors="replace")
        assert TEST_API_TOKEN not in command_line and ACTION_TOKEN not in command_line


def test_the_action_server_answers_only_with_the_shared_token(bot):
    url = f"http://127.0.0.1:{ACTIONS_PORT}/webhook"
    call = {"next_action": "action_summary", "tracker": {"sender_id": "x"}, "domain": {}, "version": "3.6.2"}
    assert requests.post(url, json=call, timeout=10).status_code == 401
    assert requests.post(url, params={"token": "guess"}, json=call, timeout=10).status_code == 401
    assert requests.get(f"http://127.0.0.1:{ACTIONS_PORT}/health", timeout=10).status_code == 200  # for lotse run's check


def test_a_failing_action_answers_without_the_conversation_and_logs_none_of_it(bot):
    _, work = bot
    # A tracker the action cannot work with (a place that is a list), carrying a message's text.
    call = {"next_action": "action_summary", "version": "3.6.2", "domain": {},
            "tracker": {"sender_id": "x", "slots": {"need": "recognition", "place": ["not", "an", "id"]},
                        "latest_message": {"text": SECRET_TEXT, "intent": {"name": "inform_place"}}, "events": []}}
    answer = requests.post(f"http://127.0.0.1:{ACTIONS_PORT}/webhook", params={"token": ACTION_TOKEN}, json=call, timeout=10)
    assert answer.status_code == 500 and SECRET_TEXT not in answer.text
    assert answer.json() == {"error": "the action failed"}
    logs = "\n".join(path.read_text(errors="replace") for path in (work / "logs").glob("*.log"))
    assert "action action_summary failed" in logs and SECRET_TEXT not in logs


def test_the_http_api_needs_the_token(bot):
    assert requests.get(f"http://127.0.0.1:{RASA_PORT}/status", timeout=10).status_code == 401
    assert requests.get(f"http://127.0.0.1:{RASA_PORT}/status", params={"token": TEST_API_TOKEN}, timeout=10).status_code == 200


def test_an_oversized_body_is_refused_before_it_is_read(bot):
    huge = json.dumps({"sender": "lotse-" + uuid.uuid4().hex[:20], "message": "x" * 200_000})
    answer = requests.post(f"http://127.0.0.1:{RASA_PORT}/webhooks/lotse/webhook", data=huge,
                           headers={"Content-Type": "application/json"}, timeout=10)
    assert answer.status_code == 413
