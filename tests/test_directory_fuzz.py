"""A maintainer's typo can never take Lotse down: the real services.yml and places.yml, mutated
line by line (deleted, doubled, retyped, truncated, re-indented, bad bytes), never crash the
validator — every problem is PATH:LINE: message — and never make the running store lose its last
valid directory."""
import datetime as dt
import random
import re

import pytest

from bot.directory.loader import load_directory
from bot.directory.store import DirectoryStore
from bot.settings import REPO_ROOT

SERVICES, PLACES = REPO_ROOT / "services.yml", REPO_ROOT / "places.yml"
TODAY = dt.date(2026, 11, 24)
MUTATIONS_PER_FILE = 150
PROBLEM = re.compile(r"^.+:\d+: \S")
# What a value can be retyped to: a number, a list, a mapping, nothing, a date, text with a colon.
RETYPED = ["18055", "[x]", "{a: 1}", "", "2026-13-45", "'a: b'", "[[[]]]", "- nested", "true", "~"]


def mutations(text: bytes, seed: int):
    rng = random.Random(seed)
    lines = text.split(b"\n")
    for _ in range(MUTATIONS_PER_FILE):
        changed = list(lines)
        i = rng.randrange(len(changed))
        kind = rng.choice(["delete", "double", "retype", "truncate", "indent", "bytes", "swap"])
        if kind == "delete":
            del changed[i]
        elif kind == "double":
            changed.insert(i, changed[i])
        elif kind == "retype" and b":" in changed[i]:
            key = changed[i].split(b":", 1)[0]
            changed[i] = key + b": " + rng.choice(RETYPED).encode()
        elif kind == "truncate":
            changed[i] = changed[i][: rng.randrange(len(changed[i]) + 1)]
        elif kind == "indent":
            changed[i] = b"  " * rng.randrange(0, 4) + changed[i].lstrip()
        elif kind == "bytes":
            changed[i] = changed[i][:5] + rng.choice([b"\xff", b"\xc3\x28", b"\x00", b"\xe2\x80"]) + changed[i][5:]
        else:
            j = rng.randrange(len(changed))
            changed[i], changed[j] = changed[j], changed[i]
        yield kind, b"\n".join(changed)


@pytest.mark.parametrize("target", ["services", "places"])
def test_mutated_files_never_crash_the_validator_and_never_lose_the_last_good_directory(tmp_path, target):
    services, places = tmp_path / "services.yml", tmp_path / "places.yml"
    services.write_bytes(SERVICES.read_bytes())
    places.write_bytes(PLACES.read_bytes())
    store = DirectoryStore(services, places, today=lambda: TODAY, check_seconds=0)
    good = store.current()
    original = (SERVICES if target == "services" else PLACES).read_bytes()
    edited = services if target == "services" else places
    outcomes = {"valid": 0, "refused": 0}
    for n, (kind, text) in enumerate(mutations(original, seed=42 if target == "services" else 7)):
        edited.write_bytes(text)
        directory, problems = load_directory(services, places, TODAY)  # must not raise
        assert all(PROBLEM.match(str(p)) for p in problems), (kind, [str(p) for p in problems])
        if directory is None:
            outcomes["refused"] += 1
            assert any(p.severity == "error" for p in problems), kind
        else:
            outcomes["valid"] += 1
        # The store sees the change (a new modification time) and keeps a directory either way.
        edited.touch()
        import os
        os.utime(edited, ns=(n * 10**9, n * 10**9))
        in_use = store.current()
        assert in_use is not None and (directory is not None or in_use.services), kind
    assert outcomes["refused"] > 20  # the mutations did break the file, often
    edited.write_bytes(original)
    os.utime(edited, ns=(10**12, 10**12))
    assert len(store.current().services) == len(good.services)
