"""Finding the processes `lotse run` started, for fault tests that freeze or kill one of them."""
from __future__ import annotations

from pathlib import Path
from typing import List


def children(pid: int) -> List[int]:
    """The direct children of ``pid`` (read from /proc, Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def child_running(pid: int, module: str) -> int:
    """The child of ``pid`` whose command line runs ``python -m <module>``."""
    for child in children(pid):
        try:
            argv = (Path("/proc") / str(child) / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if module.encode() in argv:
            return child
    raise LookupError(f"no child of {pid} runs {module}")
