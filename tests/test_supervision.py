"""`lotse run` restarts a server that stopped, with growing pauses, instead of stopping Lotse."""
import pytest

from bot.cli.server import supervise


class FakeProcess:
    def __init__(self, exits_after):
        self.polls, self.exits_after = 0, exits_after

    def poll(self):
        self.polls += 1
        return 1 if self.exits_after is not None and self.polls > self.exits_after else None


def test_a_stopped_server_is_restarted_with_growing_pauses():
    pauses, started = [], []
    now = [0.0]

    def sleep(seconds):
        pauses.append(seconds)
        now[0] += seconds
        if len(started) >= 3:
            raise KeyboardInterrupt

    def start(name):
        started.append(name)
        return FakeProcess(exits_after=0)  # dies at once, again and again

    actions, rasa = FakeProcess(exits_after=1), FakeProcess(exits_after=None)
    running = {"action server": actions, "Rasa server": rasa}
    with pytest.raises(KeyboardInterrupt):
        supervise(running, start, clock=lambda: now[0], sleep=sleep)
    assert started == ["action server"] * 3
    assert [p for p in pauses if p != 0.5] == [1.0, 2.0, 4.0]
    assert running["Rasa server"] is rasa and running["action server"] is not actions  # _stop sees the new process
