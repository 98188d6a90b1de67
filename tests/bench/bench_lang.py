"""`make bench-lang`: the language detector on the held-out items of tests/data/langid/, per
language and kind of item, beside plain unrestricted langdetect on the same items, and the
time per message. Prints numbers; the targets are held by tests/test_language_eval.py."""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.understanding.language import SUPPORTED_LANGUAGES, LanguageDetector  # noqa: E402
from tests.support.evaluation import LANGID_KINDS, accuracy, langid_sets, unsupported_items  # noqa: E402


def plain_langdetect():
    """langdetect as it comes: every profile, seeded for reproducibility."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def guess(text: str) -> str:
        try:
            return detect(text)
        except LangDetectException:
            return "und"
    return guess


def main() -> int:
    detector = LanguageDetector()
    plain = plain_langdetect()
    sets = langid_sets()
    # load everything once: the supported profiles, and all profiles (used on unsupported text)
    detector.detect("warm up"), detector.detect("questa è una frase abbastanza lunga in italiano"), plain("warm up")
    print("bench-lang: share of held-out items detected correctly — Lotse's detector / plain langdetect")
    print(f"  {'lang':<5}" + "".join(f"{kind:>22}" for kind in LANGID_KINDS))
    timings = []
    for code in SUPPORTED_LANGUAGES:
        row = f"  {code:<5}"
        for kind in LANGID_KINDS:
            items = sets.get(code, {}).get(kind, [])
            ours = []
            for item in items:
                started = time.perf_counter()
                ours.append(detector.detect(item).code == code)
                timings.append((time.perf_counter() - started) * 1000)
            theirs = [plain(item) == code for item in items]
            row += f"  {accuracy(ours):6.1%} / {accuracy(theirs):6.1%} (n={len(items):>3})"
        print(row)
    unsupported = unsupported_items()
    flagged = [not detector.detect(text).supported for _, text in unsupported]
    plain_flagged = [plain(text) not in SUPPORTED_LANGUAGES for _, text in unsupported]
    print(f"  unsupported languages flagged as such: {accuracy(flagged):.1%} / {accuracy(plain_flagged):.1%} (n={len(unsupported)})")
    missed = sorted({lang for (lang, _), hit in zip(unsupported, flagged, strict=True) if not hit})
    if missed:
        print(f"    missed: {', '.join(missed)}")
    timings.sort()
    print(f"  time per message: mean {statistics.mean(timings):.3f} ms, median {statistics.median(timings):.3f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)]:.3f} ms, max {timings[-1]:.3f} ms (n={len(timings)}, first-use loading excluded)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
