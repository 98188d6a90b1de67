"""Print a short summary of ``rasa test core`` results (``make test-conversations``)."""
from __future__ import annotations

import json
import sys
from pathlib import Path


def summary(results_dir: Path) -> str:
    report = json.loads((results_dir / "story_report.json").read_text(encoding="utf-8"))
    conversation = report.get("conversation_accuracy", {})
    correct = conversation.get("correct", 0)
    total = correct + conversation.get("with_warnings", 0) + conversation.get("incorrect", 0) if "incorrect" in conversation else conversation.get("total", 0)
    accuracy = report.get("accuracy")
    parts = [f"conversation tests: {conversation.get('correct', '?')} of {conversation.get('total', total)} stories fully correct"]
    if accuracy is not None:
        parts.append(f"action accuracy {accuracy:.3f}")
    return ", ".join(parts)


def main() -> int:
    print("  " + summary(Path(sys.argv[1] if len(sys.argv) > 1 else "results")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
