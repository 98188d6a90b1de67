"""Conversations survive a restart: half a referral, `lotse run` stopped (Ctrl-C) and started
again on the same data folder, and the place answer continues it. Needs a trained model."""
import uuid

import pytest

from tests.support.flows import running_bot
from tests.support.live import live_env

pytestmark = pytest.mark.model
RASA_PORT, ACTIONS_PORT = 5109, 5159


def test_half_a_referral_continues_after_a_restart(tmp_path):
    env = {**live_env(tmp_path), "LOTSE_DATA_DIR": str(tmp_path / "data")}
    sender = f"test-{uuid.uuid4().hex}"
    with running_bot(RASA_PORT, ACTIONS_PORT, extra_env=env) as bot:
        asked = bot.send(sender, "Ich möchte meinen Berufsabschluss anerkennen lassen")
        assert any("Wo wohnen Sie" in (m.get("text") or "") for m in asked)
    assert (tmp_path / "data" / "conversations.db").exists()
    with running_bot(RASA_PORT, ACTIONS_PORT, extra_env=env) as bot:
        answer = bot.send(sender, "Güstrow")
    services = [m["custom"] for m in answer if (m.get("custom") or {}).get("type") == "service"]
    assert services and all("recognition" in s["needs"] for s in services), answer
