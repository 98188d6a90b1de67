"""The bad-input corpus (tests/data/bad_inputs/corpus.jsonl): what an attacker, a broken client or
a bad day sends. Each line is one request: ``{"kind", "message"}`` (a message text, sent as the
widget sends it) or ``{"kind", "body_b64"}`` (a raw request body, e.g. not UTF-8 or not JSON).

``python -m tests.support.bad_inputs`` writes the corpus again (deterministic); the file is data,
reviewed like any other, and the test reads it as it is.
"""
from __future__ import annotations

import base64
import json
import random
from pathlib import Path
from typing import Dict, Iterator, List

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bad_inputs" / "corpus.jsonl"
SEED = 1311

SCRIPTS = ["Ich suche einen Deutschkurs", "I need help", "أحتاج مساعدة", "به کمک نیاز دارم", "Мне нужна помощь",
           "Мені потрібна допомога", "Yardıma ihtiyacım var", "Jeg har brug for hjælp", "我需要帮助", "मुझे मदद चाहिए",
           "ช่วยด้วย", "도와주세요", "Βοήθεια", "עזרה", "ትርጉም", "ᐃᓄᒃᑎᑐᑦ"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u202d", "\u2066", "\u2069", "\u061c"]
CONTROL = [chr(c) for c in range(0, 32) if c not in (9, 10, 13)] + ["\x7f", "\x85"]
EMOJI = ["😀", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇩🇪", "💣", "🔥", "❤️", "🙏🏽"]
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>fett</b>", "javascript:alert(1)", "<iframe src=//x>",
          "\"><svg onload=alert(1)>", "<!--", "]]>", "{{7*7}}", "${7*7}", "#{7*7}", "<%= 7*7 %>"]
SQL_SHELL = ["' OR '1'='1", "'; DROP TABLE events; --", "1; SELECT * FROM events", "$(rm -rf /)", "`reboot`", "| cat /etc/passwd",
             "../../../../etc/passwd", "%00", "%s%s%s%n", "\\x00\\x01", "admin'--", "UNION SELECT password FROM users"]
RASA_COMMANDS = ["/restart", "/session_start", "/inform_place{\"place\":{\"a\":1}}", "/inform_place{\"place\":[1,2,3]}",
                 "/need_recognition{\"need\": \"x\" * 100}", "/choose_language{\"language_choice\": \"xx\"}",
                 "/choose_language{\"language_choice\": {\"$gt\": 1}}", "/confirm_delete", "/affirm", "/deny",
                 "/nlu_fallback", "/action_listen", "/utter_safety", "/greet{}", "/greet{", "/{\"a\":1}", "//", "/",
                 "/inform_place{\"place\":\"" + "a" * 500 + "\"}", "/need_language_course{\"situation\":\"women\"}"]
JSONISH = ["{\"sender\": \"x\"}", "[1,2,3]", "null", "true", "{\"message\": {\"$ne\": null}}", "{" * 200, "[" * 200 + "]" * 200,
           "\"\\u0000\"", "1e999", "NaN"]


def _messages(rng: random.Random) -> Iterator[Dict[str, str]]:
    yield {"kind": "empty-ish", "message": " "}
    yield {"kind": "empty-ish", "message": "\n\t \r\n"}
    yield {"kind": "empty-ish", "message": "\u3000\u00a0\u2028\u2029"}
    for text in MARKUP:
        yield {"kind": "markup", "message": text}
        yield {"kind": "markup", "message": f"Ich suche einen Deutschkurs {text} in Rostock"}
    for text in SQL_SHELL:
        yield {"kind": "sql-shell", "message": text}
        yield {"kind": "sql-shell", "message": f"Rostock{text}"}
    for text in RASA_COMMANDS:
        yield {"kind": "rasa-command", "message": text}
    for text in JSONISH:
        yield {"kind": "json-looking", "message": text}
    for n in (1000, 999, 500):
        yield {"kind": "long", "message": "a" * n}
        yield {"kind": "long", "message": ("Deutschkurs " * (n // 12 + 1))[:n]}
    for char in ["\ufdfa", "\u2fd5", "\ufb2c", "\u3300", "ﷺ", "𒐫", "ǅ", "ﬃ", "㍿", "\u1e9b\u0323"]:
        yield {"kind": "compatibility", "message": char * 1000}
        yield {"kind": "compatibility", "message": char * 55}
    for emoji in EMOJI:
        yield {"kind": "emoji-flood", "message": emoji * (1000 // len(emoji))}
    for char in INVISIBLE:
        yield {"kind": "invisible", "message": char * 1000}
        yield {"kind": "invisible", "message": char.join("Ich will mich umbringen")}
        yield {"kind": "invisible", "message": char.join("Deutschkurs") + " in Rostock"}
    for char in CONTROL:
        yield {"kind": "control", "message": f"Hallo{char}Rostock"}
        yield {"kind": "control", "message": char * 200}
    for _ in range(90):  # words of 1,000 characters and mixtures of every script
        yield {"kind": "long-word", "message": "".join(rng.choice("abcdefghijklmnopqrstuvwxyzäöüß") for _ in range(1000))}
        mixed = " ".join(rng.choice(SCRIPTS) for _ in range(rng.randrange(2, 40)))
        yield {"kind": "mixed-scripts", "message": mixed[:1000]}
        noise = "".join(chr(rng.choice([rng.randrange(0x20, 0x7f), rng.randrange(0xa0, 0x2fff), rng.randrange(0x4e00, 0x9fff),
                                        rng.randrange(0x1f300, 0x1faff)])) for _ in range(rng.randrange(1, 400)))
        yield {"kind": "random-unicode", "message": noise}
    for text in ["ich bin in gefahr" + "\u202e" + "sruk hcstued", "Моя сестра " + "\u200d" * 300 + "бьёт меня",
                 "Er schl\u00e4gt mich" + "\u0301" * 500, "\U000e0041\U000e0042 help", "\ud7ff\ue000\uffff"]:
        yield {"kind": "tricky-danger", "message": text}


def _bodies() -> Iterator[Dict[str, str]]:
    raw = [b"", b"\xff\xfe\xfd", b"\xc3\x28", b"{\"sender\": \"lotse-0a1b2c3d4e5f60718293\", \"message\": \"\xff\"}",
           b"not json", b"[]", b"[1,2]", b"\"text\"", b"42", b"null", b"{", b"{\"sender\": 1, \"message\": 2}",
           b"[" * 20000 + b"]" * 20000, b"{\"a\":" * 5000 + b"1" + b"}" * 5000,
           b"{\"sender\": \"lotse-0a1b2c3d4e5f60718293\", \"message\": \"Hallo\", \"metadata\": \"de\"}",
           b"{\"sender\": \"lotse-0a1b2c3d4e5f60718293\", \"message\": \"Hallo\", \"metadata\": {\"language\": {\"x\": 1}}}",
           b"{\"sender\": \"me\", \"message\": \"Hallo\"}", b"{\"sender\": \"" + b"a" * 10000 + b"\", \"message\": \"Hallo\"}",
           b"{\"sender\": \"lotse-0a1b2c3d4e5f60718293\", \"message\": \"" + b"x" * 20000 + b"\"}",
           b"\x00" * 1000, b"{\"sender\": \"lotse-0a1b2c3d4e5f60718293\", \"message\": \"\\ud800\"}"]
    for body in raw:
        yield {"kind": "raw-body", "body_b64": base64.b64encode(body).decode()}


def corpus() -> List[Dict[str, str]]:
    rng = random.Random(SEED)
    return list(_messages(rng)) + list(_bodies())


def load_corpus(path: Path = CORPUS) -> List[Dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


if __name__ == "__main__":
    items = corpus()
    CORPUS.write_text("".join(json.dumps(item, ensure_ascii=True) + "\n" for item in items), encoding="utf-8")
    print(f"{CORPUS}: {len(items)} inputs")
