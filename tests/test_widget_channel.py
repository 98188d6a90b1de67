"""The widget channel: what it accepts, what it refuses and how, rate limits, CORS and the config it
gives the widget — the pure checks directly, and the channel over real HTTP in a small Sanic app
whose "bot" echoes."""
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from bot.dialogue.catalog import Catalog, get_catalog
from bot.registry import load_registry, parse_registry
from bot.settings import get_settings
from bot.web.channel import (
    CONFIG_PLACEHOLDER,
    MAX_MESSAGE_CHARS,
    WIDGET_DIR,
    RateLimiter,
    Rejection,
    client_key,
    cors_headers,
    error_text,
    is_unguessable_sender,
    parse_rate_limit,
    parse_request,
    render_widget_script,
    script_json,
    widget_config,
)

ROOT = Path(__file__).resolve().parent.parent
PORT = 5131


def body(**fields):
    return json.dumps(fields).encode()


def test_a_good_request_is_read():
    request = parse_request(body(sender="lotse-3f9a1c0e7b2d4a6f8c1e", message="Hallo", metadata={"language": "de-DE"}))
    assert (request.sender, request.message, request.metadata) == ("lotse-3f9a1c0e7b2d4a6f8c1e", "Hallo", {"language": "de-DE"})


@pytest.mark.parametrize("raw, status, code", [
    (b"not json", 400, "malformed_body"),
    (b"\xff\xfe", 400, "malformed_body"),
    (b"[1, 2]", 400, "malformed_body"),
    (body(message="Hallo"), 400, "bad_sender"),
    (body(sender="a b<script>", message="Hallo"), 400, "bad_sender"),
    (body(sender="lotse-a1b2c3d4e5f60718293a", message=""), 400, "empty_message"),
    (body(sender="lotse-a1b2c3d4e5f60718293a", message=42), 400, "empty_message"),
    (body(sender="lotse-a1b2c3d4e5f60718293a", message="x" * (MAX_MESSAGE_CHARS + 1)), 413, "message_too_long"),
    (body(sender="lotse-a1b2c3d4e5f60718293a", message="Hallo", metadata="de"), 400, "bad_metadata"),
    (b"{" + b" " * 20000 + b"}", 413, "message_too_long"),
    (b"[" * 5000 + b"]" * 5000, 400, "malformed_body"),  # nested too deeply for the parser: refused, no crash
    (b'{"sender": ' + b"[" * 3000 + b"]" * 3000 + b"}", 400, "malformed_body"),
    (body(sender="me", message="Hallo"), 400, "bad_sender"),
    (body(sender="lotse-1", message="Hallo"), 400, "bad_sender"),
    (body(sender="terminal-1a2b3c4d", message="Hallo"), 400, "bad_sender"),  # 32 bits: guessable
    (body(sender="lotse-aaaaaaaaaaaaaaaaaaaa", message="Hallo"), 400, "bad_sender"),
    (body(sender="lotse-" + "ab" * 60, message="Hallo"), 400, "bad_sender"),  # too long, too few different characters
])
def test_a_bad_request_is_refused_with_a_reason(raw, status, code):
    with pytest.raises(Rejection) as refused:
        parse_request(raw)
    assert (refused.value.status, refused.value.code) == (status, code)


def test_random_ids_as_the_widget_makes_them_are_accepted():
    import secrets

    assert all(is_unguessable_sender("lotse-" + secrets.token_hex(10)) for _ in range(2000))
    assert is_unguessable_sender("Zq3_xV9-pL2mK8rT4wY6")


def test_of_the_metadata_only_a_well_formed_language_is_kept():
    sender = "lotse-a1b2c3d4e5f60718293a"
    kept = parse_request(body(sender=sender, message="Hallo", metadata={"language": "ar-SY", "user": "x", "ip": "203.0.113.9"}))
    assert kept.metadata == {"language": "ar-SY"}
    assert parse_request(body(sender=sender, message="Hallo", metadata={"language": "x" * 500})).metadata == {}
    assert parse_request(body(sender=sender, message="Hallo", metadata={"language": {"a": 1}})).metadata == {}


def test_ipv6_clients_are_counted_per_64_network_and_memory_stays_bounded():
    limiter = RateLimiter(2, 60, clock=lambda: 0.0, max_clients=100)
    assert [limiter.allow("2001:db8:1:2::1"), limiter.allow("2001:db8:1:2:ffff::9"), limiter.allow("2001:db8:1:2::77")] == [True, True, False]
    assert limiter.allow("2001:db8:1:3::1")  # another /64
    assert client_key("::ffff:192.0.2.7") == "192.0.2.7" and client_key("192.0.2.7") == "192.0.2.7"
    for n in range(1000):
        limiter.allow(f"10.0.{n // 250}.{n % 250}")
    assert len(limiter._seen) == 100  # the least recently seen were forgotten


def test_a_message_of_exactly_the_limit_is_accepted():
    assert len(parse_request(body(sender="lotse-a1b2c3d4e5f60718293a", message="ü" * MAX_MESSAGE_CHARS)).message) == MAX_MESSAGE_CHARS


def test_rate_limit_per_client_in_a_sliding_window():
    now = [0.0]
    limiter = RateLimiter(3, 60, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")  # another client is not affected
    now[0] = 60.5
    assert limiter.allow("a")
    assert parse_rate_limit("30/60") == (30, 60.0)
    with pytest.raises(ValueError, match="LOTSE_RATE_LIMIT"):
        parse_rate_limit("thirty")


def test_cors_only_for_allowed_origins():
    allowed = ("http://localhost:5005",)
    assert cors_headers("http://localhost:5005", allowed)["Access-Control-Allow-Origin"] == "http://localhost:5005"
    assert cors_headers("https://evil.example", allowed) == {}
    assert cors_headers(None, allowed) == {}


def test_default_origins_are_the_demo_page_and_can_be_set():
    assert get_settings({}).allowed_origins == ("http://localhost:5005", "http://127.0.0.1:5005")
    assert get_settings({"LOTSE_ALLOWED_ORIGINS": "https://beratung.example/, https://x.example"}).allowed_origins == (
        "https://beratung.example", "https://x.example")


def test_refusals_are_in_the_persons_language_or_german_and_english():
    assert error_text("error_message_too_long", {"language": "ar-SY"}).startswith("الرسالة طويلة جدًا: 1000")
    both = error_text("error_message_too_long", {})
    assert "1000 Zeichen" in both and "1000 characters" in both


def test_the_widget_config_lists_every_registry_language_in_order_with_its_name_and_direction():
    registry = load_registry()
    assert widget_config()["languages"] == [{"code": language.code, "name": language.name, "dir": language.dir}
                                            for language in registry.languages]
    assert {"code": "ar", "name": "العربية", "dir": "rtl"} in widget_config()["languages"]


def test_every_language_has_every_widget_string_from_its_catalog_with_placeholders_kept():
    catalog, strings = get_catalog(), widget_config()["strings"]
    keys = {key[len("widget_"):] for key in catalog.texts["de"] if key.startswith("widget_")}
    assert {"launcher_open", "placeholder", "error_too_long", "welcome"} <= keys
    assert set(strings) == set(load_registry().codes)
    for code, texts in strings.items():
        assert set(texts) == keys, code
        assert all(isinstance(text, str) and text.strip() for text in texts.values()), code
        assert "{n}" in texts["error_too_long"] and "{max}" in texts["error_too_long"], code
    assert strings["ar"]["send"] == catalog.text("ar", "widget_send") == "إرسال"
    assert strings["de"]["error_too_long"].startswith("Ihre Nachricht ist zu lang ({n} Zeichen)")


def test_a_widget_string_missing_in_a_language_is_the_german_one(tmp_path: Path):
    (tmp_path / "de.yml").write_text('widget_send: "Senden"\nwidget_error_too_long: "Zu lang ({n} von {max})."\n'
                                     'other: "kein Widget-Text"\n', encoding="utf-8")
    (tmp_path / "fa.yml").write_text('widget_send: "ارسال"\n', encoding="utf-8")
    registry = parse_registry({"languages": [{"code": "de", "name": "Deutsch", "dir": "ltr", "script": "latin"},
                                             {"code": "fa", "name": "فارسی", "dir": "rtl", "script": "arabic"}], "needs": ["x"]})
    config = widget_config(Catalog.load(tmp_path, registry), registry)
    assert config == {"languages": [{"code": "de", "name": "Deutsch", "dir": "ltr"}, {"code": "fa", "name": "فارسی", "dir": "rtl"}],
                      "strings": {"de": {"send": "Senden", "error_too_long": "Zu lang ({n} von {max})."},
                                  "fa": {"send": "ارسال", "error_too_long": "Zu lang ({n} von {max})."}}}


def test_the_config_json_cannot_end_or_change_the_script_it_is_written_into():
    tricky = {"text": "</script><script>alert(1)</script> <!-- a & b \u2028\u2029 \"quoted\" \\ end"}
    encoded = script_json(tricky)
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        assert char not in encoded, char
    assert json.loads(encoded) == tricky
    source = "var CONFIG = " + CONFIG_PLACEHOLDER + ";\n"
    assert render_widget_script(source, tricky) == "var CONFIG = " + encoded + ";\n"
    with pytest.raises(ValueError, match="LOTSE_CONFIG"):
        render_widget_script("var CONFIG = null;", tricky)


def test_the_widget_source_has_the_config_placeholder_once_and_it_is_filled():
    source = (WIDGET_DIR / "lotse-widget.js").read_text(encoding="utf-8")
    assert source.count(CONFIG_PLACEHOLDER) == 1
    rendered = render_widget_script(source, widget_config())
    assert CONFIG_PLACEHOLDER not in rendered and "var CONFIG = " + script_json(widget_config()) + ";" in rendered
    # Only the embedding example in the header comment may say </script>; no text adds one.
    assert rendered.count("</script>") == source.count("</script>")


def start_echo_app(port, **settings):
    env = dict(os.environ, **settings)
    process = subprocess.Popen([sys.executable, "-m", "tests.support.echo_channel_app", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/webhooks/lotse"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(base + "/", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.2)
    return process, base


@pytest.fixture(scope="module")
def channel():
    process, base = start_echo_app(PORT, LOTSE_RATE_LIMIT="8/60", LOTSE_ALLOWED_ORIGINS="https://beratung.example")
    yield base
    process.terminate()
    process.wait(timeout=10)


def test_behind_a_proxy_each_forwarded_address_has_its_own_limit():
    process, base = start_echo_app(PORT + 2, LOTSE_RATE_LIMIT="2/60", SANIC_PROXIES_COUNT="1")
    try:
        def post(address):
            return requests.post(base + "/webhook", json={"sender": "lotse-0718293a4b5c6d7e8f90", "message": "hi"},
                                 headers={"X-Forwarded-For": address}).status_code
        assert [post("198.51.100.1") for _ in range(3)] == [200, 200, 429]
        assert post("198.51.100.2") == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_over_http_good_bad_too_long_and_too_many(channel):
    ok = requests.post(channel + "/webhook", json={"sender": "lotse-a1b2c3d4e5f60718293a", "message": "Hallo", "metadata": {"language": "fa"}})
    assert ok.status_code == 200 and ok.json() == [{"recipient_id": "lotse-a1b2c3d4e5f60718293a", "text": "echo: Hallo"},
                                                  {"recipient_id": "lotse-a1b2c3d4e5f60718293a", "custom": {"metadata": {"language": "fa"}}}]
    broken = requests.post(channel + "/webhook", data=b"{oops", headers={"Content-Type": "application/json"})
    assert broken.status_code == 400 and broken.json()["error"] == "malformed_body"
    long = requests.post(channel + "/webhook", json={"sender": "lotse-a1b2c3d4e5f60718293a", "message": "x" * 1001, "metadata": {"language": "uk"}})
    assert long.status_code == 413 and long.json()["message"].startswith("Повідомлення задовге")
    statuses = [requests.post(channel + "/webhook", json={"sender": "lotse-b2c3d4e5f60718293a4b", "message": "hi"}).status_code for _ in range(8)]
    assert statuses[-1] == 429 and 200 in statuses
    limited = requests.post(channel + "/webhook", json={"sender": "lotse-c3d4e5f60718293a4b5c", "message": "hi"})
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "60" and "Too many messages" in limited.json()["message"]


def test_a_turn_that_hangs_or_fails_still_answers_with_what_is_ready_and_a_note():
    process, base = start_echo_app(PORT + 4, LOTSE_TURN_SECONDS="2")
    try:
        started = time.monotonic()
        hung = requests.post(base + "/webhook", json={"sender": "lotse-e5f60718293a4b5c6d7e", "message": "hang", "metadata": {"language": "ru"}})
        assert time.monotonic() - started < 5
        assert hung.status_code == 200
        assert [m["text"] for m in hung.json()] == ["echo: hang", error_text("error_unavailable", {"language": "ru"})]
        failed = requests.post(base + "/webhook", json={"sender": "lotse-f60718293a4b5c6d7e8f", "message": "fail"})
        assert failed.status_code == 200 and [m["text"] for m in failed.json()][0] == "echo: fail"
        assert "110" in failed.json()[-1]["text"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_over_http_cors_preflight_and_foreign_origins(channel):
    allowed = requests.options(channel + "/webhook", headers={"Origin": "https://beratung.example",
                                                              "Access-Control-Request-Method": "POST"})
    assert allowed.status_code == 204 and allowed.headers["Access-Control-Allow-Origin"] == "https://beratung.example"
    foreign = requests.options(channel + "/webhook", headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403 and "Access-Control-Allow-Origin" not in foreign.headers
    posted = requests.post(channel + "/webhook", json={"sender": "lotse-d4e5f60718293a4b5c6d", "message": "hi"}, headers={"Origin": "https://evil.example"})
    assert posted.status_code == 403


def test_over_http_the_widget_and_its_demo_page_are_served(channel):
    script = requests.get(channel + "/lotse-widget.js")
    assert script.status_code == 200 and script.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert script.headers["Cache-Control"] == "no-cache"
    assert CONFIG_PLACEHOLDER not in script.text and script_json(widget_config()) in script.text
    assert requests.get(channel + "/lotse-widget.js").text == script.text
    demo = requests.get(channel + "/demo")
    assert demo.status_code == 200 and 'src="lotse-widget.js"' in demo.text


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node")
def test_over_http_the_served_widget_is_valid_javascript_that_reads_its_config(channel, tmp_path: Path):
    served = tmp_path / "served-widget.js"
    served.write_text(requests.get(channel + "/lotse-widget.js").text, encoding="utf-8")
    # Under Node the file exports its pure helpers; CONFIG itself is private, so read the languages
    # the way the widget does, from the JSON the server wrote in.
    probe = ("const fs = require('fs'); const core = require(process.argv[1]);"
             "const raw = JSON.parse(fs.readFileSync(process.argv[1], 'utf8').match(/var CONFIG = (.*);\\n/)[1]);"
             "const config = core.readConfig(raw);"
             "console.log(JSON.stringify([config.languages.map(l => l.code), core.dirOf(config, 'fa'),"
             " core.translate(config, 'ar', 'error_too_long', {n: 1200, max: 1000})]));")
    result = subprocess.run(["node", "-e", probe, str(served)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    codes, fa_dir, too_long = json.loads(result.stdout)
    assert codes == list(load_registry().codes) and fa_dir == "rtl"
    assert too_long == get_catalog().text("ar", "widget_error_too_long", n=1200, max=1000)


def test_over_http_the_widget_config_for_other_clients(channel):
    config = requests.get(channel + "/config", headers={"Origin": "https://beratung.example"})
    assert config.status_code == 200 and config.headers["Content-Type"].startswith("application/json")
    assert config.json() == widget_config()
    assert config.headers["Access-Control-Allow-Origin"] == "https://beratung.example"
    foreign = requests.get(channel + "/config", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in foreign.headers
