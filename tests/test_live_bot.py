"""The whole bot as a person meets it: `lotse run` (action server + Rasa server with the
trained model), talked to over the REST channel. Needs a trained model (make train)."""
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parent.parent
RASA_PORT, ACTIONS_PORT = 5105, 5155


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    work = tmp_path_factory.mktemp("live")
    shutil.copy(ROOT / "services.yml", work / "services.yml")
    env = dict(os.environ, LOTSE_RASA_PORT=str(RASA_PORT), LOTSE_ACTIONS_PORT=str(ACTIONS_PORT),
               LOTSE_LOG_DIR=str(work / "logs"), LOTSE_SERVICES_FILE=str(work / "services.yml"),
               LOTSE_RELOAD_SECONDS="0", LOTSE_TODAY="2026-11-24")
    env.pop("LOTSE_ACTION_ENDPOINT", None)
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 240
    output = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        output.append(line)
        if "Lotse is running" in line:
            break
        if process.poll() is not None:
            pytest.fail("lotse run exited:\n" + "".join(output))
    else:
        process.kill()
        pytest.fail("lotse run did not start:\n" + "".join(output))
    yield work
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0  # Ctrl-C stops both servers cleanly


class Person:
    def __init__(self):
        self.sender = f"test-{uuid.uuid4().hex[:8]}"

    def says(self, text):
        response = requests.post(f"http://localhost:{RASA_PORT}/webhooks/rest/webhook",
                                 json={"sender": self.sender, "message": text}, timeout=60)
        response.raise_for_status()
        return response.json()


def texts(messages):
    return [m["text"] for m in messages if m.get("text")]


def services(messages):
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict) and m["custom"].get("type") == "service"]


def test_german_referral_asks_the_place_and_answers_in_german(bot):
    person = Person()
    assert texts(person.says("Guten Tag"))[0].startswith("Hallo! Ich bin Lotse")
    asked = person.says("ich möchte meine ausbildung als krankenpfleger anerkennen lassen")
    assert texts(asked) == [t for t in texts(asked) if t.startswith("Wo wohnen Sie?")] and texts(asked)
    answer = person.says("in Güstrow")
    found = services(answer)
    assert 1 <= len(found) <= 3
    assert {"iq-anerkennungsberatung"} <= {s["id"] for s in found}
    for service in found:
        assert {"type", "id", "name", "provider", "needs", "place", "contact", "hours", "languages", "why"} <= set(service)
        assert "recognition" in service["needs"] and service["why"].startswith("Passt, weil")
        assert service["place"]["lat"] and service["place"]["lon"]
    assert texts(answer)[0].startswith("Für die Anerkennung Ihres Abschlusses in Güstrow")
    assert texts(answer)[-1] == "Kann ich Ihnen noch bei etwas anderem helfen?"


def test_english_referral_with_an_unknown_place_then_a_postal_code(bot):
    person = Person()
    person.says("hello, I would like to improve my German, is there a course")
    unknown = person.says("Atlantis")
    assert texts(unknown)[0].startswith("Sorry, I don't know the place “Atlantis”")
    answer = person.says("18435")
    assert texts(answer)[0].startswith("For a German course in Stralsund")
    assert all(s["why"].startswith("It fits because") for s in services(answer)) and services(answer)


def test_two_unknown_places_lead_to_statewide_services(bot):
    person = Person()
    person.says("I am a refugee with Duldung and want to work, who can help me")
    person.says("Atlantis")
    answer = person.says("Narnia")
    assert texts(answer)[0].startswith("I could not find where you live")
    assert [s["id"] for s in services(answer)] == ["naf-netzwerk-vsp"]


def test_place_first_is_not_asked_again(bot):
    person = Person()
    first = person.says("Ich wohne in Rostock")
    assert texts(first)[0].startswith("Wobei kann ich Ihnen helfen?")
    answer = person.says("Ich möchte mich selbstständig machen und eine Firma gründen")
    assert [s["id"] for s in services(answer)] == ["ihk-rostock-existenzgruendung"]
    assert services(answer)[0]["notice"].startswith("Hinweis: Diese Angaben sind noch nicht geprüft")


def test_edit_of_services_yml_is_picked_up_without_restart_and_a_broken_edit_is_ignored(bot):
    services_file = bot / "services.yml"
    original = services_file.read_text(encoding="utf-8")
    renamed = original.replace("Existenzgründungsberatung der IHK zu Rostock", "Gründungsberatung (neu)")
    services_file.write_text(renamed, encoding="utf-8")
    os.utime(services_file, (time.time() + 5, time.time() + 5))
    person = Person()
    person.says("ich will ein geschäft eröffnen")
    assert services(person.says("Rostock"))[0]["name"] == "Gründungsberatung (neu)"
    services_file.write_text(renamed.replace("needs: [business_startup]", "needs: [startup]"), encoding="utf-8")
    os.utime(services_file, (time.time() + 10, time.time() + 10))
    person = Person()
    person.says("ich will ein geschäft eröffnen")
    assert services(person.says("Rostock"))[0]["name"] == "Gründungsberatung (neu)"  # last valid directory
