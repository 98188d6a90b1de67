"""What a live test runs the whole bot on: the fixture directory ``tests/fixtures/live/``, never the
production ``services.yml`` that maintainers edit by hand, so that their edits cannot break CI.

* :func:`live_env` — the settings for :func:`tests.support.flows.running_bot` (which applies them
  by default): the fixture's services file (or a scratch copy a test may edit), the production
  places table (a reference table of place names, not service data), a fixed date.
* :data:`PRODUCTION_COUNTERPARTS` / :func:`on_fixture` — the held-out referral scenarios
  (``tests/data/flows/``) are evaluation data for ``make eval-flows``, which judges the production
  directory, so they name production service ids. The live test that replays them runs on the
  fixture instead; there each production service they name has one counterpart with the same needs,
  area, audience and location places (the same routing), and this table translates the ids.
"""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Optional

if TYPE_CHECKING:  # flows imports this module; no import back at run time
    from tests.support.flows import Scenario

ROOT = Path(__file__).resolve().parents[2]
LIVE_FIXTURES = ROOT / "tests" / "fixtures" / "live"
LIVE_SERVICES = LIVE_FIXTURES / "services.yml"
PLACES = ROOT / "places.yml"
# The date the live bot lives on (funding periods, "not yet started", next consultation times).
LIVE_TODAY = "2026-11-24"

# Production id named in tests/data/flows/*.yml -> its counterpart in tests/fixtures/live/services.yml.
PRODUCTION_COUNTERPARTS: Dict[str, str] = {
    "iq-anerkennungsberatung": "fx-anerkennung-region",
    "ifdm-mittleres-mecklenburg-vorpommern-ruegen": "fx-integrationsfachdienst",
    "integrationskurse-migra": "fx-integrationskurs-rostock",
    "naf4work-migra": "fx-arbeit-gefluechtete-rostock",
    "naf-netzwerk-vsp": "fx-arbeit-gefluechtete-land",
    "my-turn-my-power-rostock": "fx-frauen-coaching-rostock",
    "ihk-rostock-existenzgruendung": "fx-gruendung-kammer",
}


def live_env(work: Optional[Path] = None, editable: bool = False) -> Dict[str, str]:
    """Environment for a live bot on the fixture directory. With ``work`` (a scratch folder) the
    logs go to ``work/logs``; with ``editable`` too, the bot reads ``work/services.yml``, a fresh
    copy of the fixture that the test may change (the fixture itself is never written)."""
    env = {"LOTSE_SERVICES_FILE": str(LIVE_SERVICES), "LOTSE_PLACES_FILE": str(PLACES), "LOTSE_TODAY": LIVE_TODAY}
    if work is not None:
        env["LOTSE_LOG_DIR"] = str(work / "logs")
        if editable:
            shutil.copy(LIVE_SERVICES, work / "services.yml")
            env["LOTSE_SERVICES_FILE"] = str(work / "services.yml")
    elif editable:
        raise ValueError("an editable directory needs a scratch folder (work) to copy the fixture to")
    return env


def on_fixture(scenario: "Scenario") -> "Scenario":
    """The held-out scenario with the fixture counterparts of the services it expects."""
    return dataclasses.replace(scenario, expected=tuple(PRODUCTION_COUNTERPARTS[s] for s in scenario.expected))
