"""Referral flows as a counsellor reads them: replay conversations against the running bot and
show, per scenario, the language Lotse answered in and the services it offered.

* ``python -m tests.support.flows table`` (``make test-flows``): the conversation tests in
  ``tests/conversations/`` as a table — scenario, language, what the person said, services.
* ``python -m tests.support.flows eval`` (``make eval-flows``): the held-out scenarios in
  ``tests/data/flows/``; each names the services a counsellor would accept, and the share of
  scenarios where Lotse offered one of them is printed (target: 95%).

Both start ``lotse run`` on spare ports with the trained model and talk to it over REST, on the
production directory (``services.yml``, or what ``LOTSE_SERVICES_FILE`` names): they report on
what people get. Tests use :func:`running_bot` on its default, the fixture directory
(``tests/support/live.py``), so that an edit of ``services.yml`` cannot make a test fail.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import yaml

from bot.settings import get_settings
from bot.text.norm import strip_annotations
from tests.support.live import live_env

ROOT = Path(__file__).resolve().parents[2]
STORIES_DIR = ROOT / "tests" / "conversations"
EVAL_FLOWS_DIR = ROOT / "tests" / "data" / "flows"
TARGET_HIT_RATE = 0.95
# [Güstrow]{"entity": "place", "value": "guestrow"} -> Güstrow
# The entity of the situation question's "I'd rather not say" button (bot/dialogue/catalog/*.yml).
SITUATION_CHOICE = "situation_choice"
TEST_API_TOKEN = "lotse-local-test-token"
Send = Callable[[str, str], List[Dict[str, Any]]]


@dataclass(frozen=True)
class Scenario:
    name: str
    messages: Tuple[str, ...]
    expected: Tuple[str, ...] = ()  # service ids a counsellor accepts (held-out scenarios only)


@dataclass
class Outcome:
    scenario: Scenario
    language: str = ""
    offered: List[str] = field(default_factory=list)

    @property
    def hit(self) -> bool:
        return any(service in self.offered for service in self.scenario.expected)


def plain(text: str) -> str:
    return strip_annotations(text).strip()


def story_scenarios(directory: Path = STORIES_DIR) -> List[Scenario]:
    """Each conversation test as a scenario: its name and what the person says."""
    scenarios = []
    for path in sorted(directory.glob("*.yml")):
        for story in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("stories", []):
            messages = tuple(plain(step["user"]) for step in story.get("steps", []) if "user" in step)
            if messages:
                scenarios.append(Scenario(story["story"], messages))
    return scenarios


def eval_scenarios(directory: Path = EVAL_FLOWS_DIR) -> List[Scenario]:
    """Held-out scenarios: ``{scenarios: [{name, say: [...], expect: [service ids]}]}`` per file."""
    scenarios = []
    for path in sorted(directory.glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["scenarios"]:
            if not item.get("say") or not item.get("expect"):
                raise ValueError(f"{path}: scenario {item.get('name')!r} needs 'say' and 'expect'")
            scenarios.append(Scenario(f"{path.stem}: {item['name']}", tuple(item["say"]), tuple(item["expect"])))
    return scenarios


def _decline_payload(messages: Sequence[Dict[str, Any]]) -> Optional[str]:
    """The "I'd rather not say" button of the situation question, if these messages ask it."""
    for message in messages:
        for button in message.get("buttons") or []:
            if SITUATION_CHOICE in str(button.get("payload", "")):
                return str(button["payload"])
    return None


def replay(scenario: Scenario, send: Send) -> Outcome:
    """Says the scenario's messages one after another in a new conversation. When Lotse's last
    answer is the situation question the script does not answer, the person declines to say
    (the answer that tells Lotse nothing)."""
    sender = f"flow-{uuid.uuid4().hex}"
    outcome = Outcome(scenario)

    def say(text: str) -> List[Dict[str, Any]]:
        messages = send(sender, text)
        for message in messages:
            custom = message.get("custom") if isinstance(message.get("custom"), dict) else {}
            if custom.get("type") == "language":
                outcome.language = custom["code"]
            elif custom.get("type") == "service" and custom["id"] not in outcome.offered:
                outcome.offered.append(custom["id"])
        return messages

    answer: List[Dict[str, Any]] = []
    for text in scenario.messages:
        answer = say(text)
    decline = _decline_payload(answer)
    if decline:
        say(decline)
    return outcome


def unknown_services(scenarios: Sequence[Scenario], services_file: Path) -> List[str]:
    """The service ids the scenarios expect that the services file does not have."""
    data = yaml.safe_load(Path(services_file).read_text(encoding="utf-8")) or {}
    known = {item.get("id") for item in data.get("services") or [] if isinstance(item, dict)}
    return sorted({service for scenario in scenarios for service in scenario.expected} - known)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table(outcomes: Sequence[Outcome], with_expected: bool = False) -> str:
    """A plain-text table a counsellor can read: one row per scenario."""
    head = f"{'scenario':<52} {'lang':<5} {'the person said':<60} services offered"
    rows = [head, "-" * len(head)]
    for outcome in outcomes:
        said = " / ".join(outcome.scenario.messages)
        offered = ", ".join(outcome.offered) or "(none)"
        if with_expected:
            offered += ("   ok" if outcome.hit else f"   MISSED, expected {' or '.join(outcome.scenario.expected)}")
        rows.append(f"{_clip(outcome.scenario.name, 52):<52} {outcome.language:<5} {_clip(said, 60):<60} {offered}")
    return "\n".join(rows)


def hit_rate(outcomes: Sequence[Outcome]) -> float:
    return sum(outcome.hit for outcome in outcomes) / len(outcomes) if outcomes else 0.0


@dataclass
class LiveBot:
    """A running ``lotse run``: :meth:`send` talks to it; ``exit_code`` is set once it stopped."""
    rasa_port: int
    exit_code: Optional[int] = None
    process: Optional[subprocess.Popen] = None
    startup_output: str = ""

    def stop(self) -> Optional[int]:
        """Ctrl-C, as a person stops ``make run``; the exit code once stopped."""
        if self.process is not None and self.exit_code is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.exit_code = self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.exit_code

    def send(self, sender: str, text: str) -> List[Dict[str, Any]]:
        import requests

        response = requests.post(f"http://localhost:{self.rasa_port}/webhooks/lotse/webhook",
                                 json={"sender": sender, "message": text}, timeout=60)
        response.raise_for_status()
        return response.json()


@contextlib.contextmanager
def running_bot(rasa_port: int = 5107, actions_port: int = 5157, extra_env: Optional[Dict[str, str]] = None,
                timeout: float = 240, production: bool = False, args: Sequence[str] = ()) -> Iterator[LiveBot]:
    """``lotse run`` on the given ports (logs and conversations in a scratch folder unless ``extra_env`` names others),
    stopped with Ctrl-C (SIGINT) afterwards, as a person would. It runs on the live-test fixture
    directory and date (:func:`tests.support.live.live_env`) unless ``production``: then on what
    ``lotse run`` itself would use. ``extra_env`` comes last and may override either."""
    with tempfile.TemporaryDirectory(prefix="lotse-flows-") as logs:
        # Replays send hundreds of messages from one address: no rate limit; a known API token.
        # Conversations in the scratch folder too, unless extra_env names a data folder to keep.
        env = dict(os.environ, LOTSE_RASA_PORT=str(rasa_port), LOTSE_ACTIONS_PORT=str(actions_port), LOTSE_LOG_DIR=logs,
                   LOTSE_DATA_DIR=logs, LOTSE_RATE_LIMIT="1000000/1", LOTSE_API_TOKEN=TEST_API_TOKEN)
        env.pop("LOTSE_DATABASE_URL", None)
        if not production:
            env.update(live_env())
        env.update(extra_env or {})
        env.pop("LOTSE_ACTION_ENDPOINT", None)
        process = subprocess.Popen([sys.executable, "-m", "bot.cli.main", "run", *args], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        output: List[str] = []
        deadline = time.monotonic() + timeout
        while True:
            line = process.stdout.readline()
            output.append(line)
            if "Press Ctrl-C to stop" in line:  # the last line of the start-up message
                break
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("lotse run did not start:\n" + "".join(output[-40:]))
        bot = LiveBot(rasa_port, process=process, startup_output="".join(output))
        try:
            yield bot
        finally:
            bot.stop()


def main(argv: Sequence[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["table", "eval"])
    args = parser.parse_args(argv)
    scenarios = story_scenarios() if args.what == "table" else eval_scenarios()
    # A report on the production directory, not a test: see the module's docstring.
    with running_bot(production=True) as bot:
        outcomes = [replay(scenario, bot.send) for scenario in scenarios]
    print(table(outcomes, with_expected=args.what == "eval"))
    unknown = unknown_services(scenarios, get_settings().services_file) if args.what == "eval" else []
    if unknown:
        print(f"\nNote: the held-out scenarios expect services that are not in {get_settings().services_file}: "
              f"{', '.join(unknown)} — renamed or removed? Update tests/data/flows/ (and tests/support/live.py).")
    if args.what == "eval":
        rate = hit_rate(outcomes)
        print(f"\neval-flows: the right service was offered in {sum(o.hit for o in outcomes)} of {len(outcomes)} "
              f"held-out scenarios = {rate:.1%} (target {TARGET_HIT_RATE:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
