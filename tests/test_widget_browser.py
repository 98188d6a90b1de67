"""The website widget in a real browser (Debian's headless Chromium, driven by Playwright) against
the real bot: the demo page that `make run` serves. Screenshots of each final state go to
results/screenshots/ — look at them: a passing test on an ugly page is not done.

Needs a trained model and /usr/bin/chromium (`make test-browser` installs it)."""
import http.server
import re
import threading
from pathlib import Path

import pytest
import requests

from tests.support.flows import TEST_API_TOKEN, running_bot
from tests.support.live import live_env

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "results" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
RASA_PORT, ACTIONS_PORT = 5121, 5171
# Pages of other sites that embed the widget: one whose origin the bot allows, one it does not.
ALLOWED_SITE_PORT, OTHER_SITE_PORT = 5191, 5192
DEMO = f"http://localhost:{RASA_PORT}/webhooks/lotse/demo"
REPLY_MS = 60_000


@pytest.fixture(scope="module")
def live_bot(tmp_path_factory):
    # On the fixture directory (tests/fixtures/live/), as every live test.
    env = live_env(tmp_path_factory.mktemp("widget"))
    env["LOTSE_ALLOWED_ORIGINS"] = f"http://localhost:{RASA_PORT},http://127.0.0.1:{ALLOWED_SITE_PORT}"
    with running_bot(RASA_PORT, ACTIONS_PORT, extra_env=env) as bot:
        yield bot


EMBEDDING_PAGE = f"""<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Beratungsnetz</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>Beratungsnetz MV</h1><p>Eine andere Website, die Lotse einbettet.</p>
<script src="http://localhost:{RASA_PORT}/webhooks/lotse/lotse-widget.js" data-lotse-url="http://localhost:{RASA_PORT}" defer></script>
</body></html>""".encode()


class _EmbeddingPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(EMBEDDING_PAGE)

    def log_message(self, *args):  # no request lines in the test output
        pass


@pytest.fixture(scope="module")
def other_sites():
    """Two other local sites with the documented script tag: 127.0.0.1:5191 (allowed), :5192 (not)."""
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", port), _EmbeddingPage) for port in (ALLOWED_SITE_PORT, OTHER_SITE_PORT)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"allowed": f"http://127.0.0.1:{ALLOWED_SITE_PORT}/", "other": f"http://127.0.0.1:{OTHER_SITE_PORT}/"}
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, live_bot):
    """A new phone-sized page with the demo, its own storage; fails on any script error."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, locale="de-DE")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.errors.append("dialog: " + dialog.message), dialog.dismiss()))
    page.goto(DEMO)
    yield page
    context.close()
    assert page.errors == []


def open_panel(page):
    page.click("#lotse-launcher")
    page.wait_for_selector("#lotse-panel", state="visible")


def bot_messages(page):
    return page.locator("#lotse-log .lotse-msg-bot")


def send(page, text):
    """Types and sends; waits until the answer is in (typing indicator gone)."""
    before = page.locator("#lotse-log > *").count()
    page.fill("#lotse-input", text)
    page.keyboard.press("Enter")
    wait_for_reply(page, before)


def wait_for_reply(page, before):
    page.wait_for_function(f"document.querySelectorAll('#lotse-log > *').length > {before + 1}", timeout=REPLY_MS)
    page.wait_for_selector(".lotse-typing", state="hidden", timeout=REPLY_MS)


def shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def tracker_events(sender):
    tracker = requests.get(f"http://localhost:{RASA_PORT}/conversations/{sender}/tracker",
                           params={"token": TEST_API_TOKEN}, timeout=30).json()
    return [e.get("text") for e in tracker["events"] if e["event"] == "user"]


def stored_sender(page):
    return page.evaluate("""() => { for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i); if (key.startsWith('lotse-widget:')) return JSON.parse(localStorage.getItem(key)).sender; }
        return null; }""")


def test_make_run_prints_where_the_demo_page_is(live_bot):
    assert DEMO in live_bot.startup_output


def test_german_referral_by_typing(phone):
    open_panel(phone)
    send(phone, "Ich möchte meinen Berufsabschluss aus Syrien anerkennen lassen")
    assert "Wo wohnen Sie" in bot_messages(phone).last.inner_text()
    send(phone, "Güstrow")
    cards = phone.locator(".lotse-card")
    assert cards.count() >= 1
    first = cards.first
    names = cards.locator(".lotse-card-name").all_inner_texts()
    assert any("Anerkennung" in name for name in names)
    assert first.locator(".lotse-card-why").inner_text().strip()
    assert first.locator(".lotse-card-phone a").get_attribute("href").startswith("tel:")
    assert first.locator(".lotse-card-email a").get_attribute("href").startswith("mailto:")
    osm = first.locator(".lotse-card-address a").get_attribute("href")
    assert osm.startswith("https://www.openstreetmap.org/")
    # The readable twin of each card is not shown as well.
    assert phone.locator("#lotse-log").inner_text().count(first.locator(".lotse-card-name").inner_text()) == 1
    first.scroll_into_view_if_needed()
    shot(phone, "de-typed-referral")


def test_german_referral_by_buttons_with_the_summary(phone):
    open_panel(phone)
    send(phone, "Hallo")
    before = phone.locator("#lotse-log > *").count()
    phone.locator(".lotse-quick", has_text=re.compile("Deutsch|Sprachkurs", re.I)).first.click()
    wait_for_reply(phone, before)
    send(phone, "18057")
    assert phone.locator(".lotse-card").count() >= 1
    before = phone.locator("#lotse-log > *").count()
    phone.locator(".lotse-quick", has_text="Zusammenfassung").last.click()
    wait_for_reply(phone, before)
    summary = phone.locator(".lotse-summary")
    assert summary.count() == 1 and "Rostock" in summary.inner_text()
    assert summary.locator("button.lotse-copy").is_visible() and summary.locator("button.lotse-print").is_visible()
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=f"http://localhost:{RASA_PORT}")
    summary.locator("button.lotse-copy").click()
    phone.wait_for_function("document.querySelector('.lotse-copy').textContent.includes('Kopiert')")
    copied = phone.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Zusammenfassung für die Beratungsstelle") and "Rostock" in copied
    # "Print" prints the summary alone: catch the print of the frame it builds.
    phone.evaluate("""() => { const append = Node.prototype.appendChild;
        Node.prototype.appendChild = function (child) { const added = append.call(this, child);
            if (child.tagName === 'IFRAME' && child.contentWindow) {
                child.contentWindow.print = () => { window.lotsePrinted = child.contentDocument.body.innerText; }; }
            return added; }; }""")
    summary.locator("button.lotse-print").click()
    phone.wait_for_function("window.lotsePrinted !== undefined")
    printed = phone.evaluate("window.lotsePrinted")
    assert "Zusammenfassung für die Beratungsstelle" in printed and "Kann ich Ihnen" not in printed
    summary.scroll_into_view_if_needed()
    shot(phone, "de-buttons-summary")


def test_arabic_referral_turns_the_panel_right_to_left(phone):
    open_panel(phone)
    send(phone, "أريد أن أتعلم اللغة الألمانية، أين أجد دورة؟")
    assert phone.get_attribute("#lotse-panel", "dir") == "rtl"
    send(phone, "أسكن في روستوك")
    assert phone.locator(".lotse-card").count() >= 1
    assert phone.get_attribute("#lotse-panel", "lang") == "ar"
    shot(phone, "ar-rtl-referral")


def test_a_reload_keeps_the_conversation(phone):
    open_panel(phone)
    send(phone, "Ich suche einen Integrationskurs")
    sender = stored_sender(phone)
    said = phone.locator("#lotse-log").inner_text()
    phone.reload()
    if not phone.locator("#lotse-panel").is_visible():
        open_panel(phone)
    assert stored_sender(phone) == sender
    assert "Ich suche einen Integrationskurs" in phone.locator("#lotse-log").inner_text()
    assert phone.locator("#lotse-log").inner_text().strip() == said.strip()
    # The conversation goes on where it was: the place is what was asked.
    send(phone, "Rostock")
    assert phone.locator(".lotse-card").count() >= 1
    assert tracker_events(sender)[-2:] == ["Ich suche einen Integrationskurs", "Rostock"]
    shot(phone, "de-after-reload")


def test_start_over_begins_a_new_conversation_in_the_panel(phone):
    open_panel(phone)
    send(phone, "Ich suche einen Deutschkurs")
    phone.click("[data-lotse-action=restart]")
    phone.wait_for_function("document.querySelectorAll('#lotse-log .lotse-msg-user').length === 0", timeout=REPLY_MS)
    phone.wait_for_selector(".lotse-typing", state="hidden", timeout=REPLY_MS)
    assert "Ich suche einen Deutschkurs" not in phone.locator("#lotse-log").inner_text()
    phone.reload()
    if not phone.locator("#lotse-panel").is_visible():
        open_panel(phone)
    assert "Ich suche einen Deutschkurs" not in phone.locator("#lotse-log").inner_text()
    # The bot forgot the need too: a place alone now gets the question for the topic.
    send(phone, "Rostock")
    assert phone.locator(".lotse-card").count() == 0


def test_a_typing_indicator_shows_while_lotse_answers(phone):
    open_panel(phone)
    release = []

    def slow(route):
        release.append(route)

    phone.route("**/webhooks/lotse/webhook", slow)
    phone.fill("#lotse-input", "Hallo")
    phone.keyboard.press("Enter")
    phone.wait_for_selector(".lotse-typing", state="visible")
    assert phone.locator("#lotse-send").is_disabled()
    for _ in range(200):  # the held request reaches the route handler
        if release:
            break
        phone.wait_for_timeout(50)
    # The browser's language goes along as metadata, so the bot can start in it.
    sent = release[0].request.post_data_json
    assert sent["message"] == "Hallo" and sent["metadata"]["language"].startswith("de")
    assert re.fullmatch(r"lotse-[0-9a-f]{20}", sent["sender"])
    release[0].continue_()
    phone.wait_for_selector(".lotse-typing", state="hidden", timeout=REPLY_MS)
    phone.unroute("**/webhooks/lotse/webhook")


def test_delete_my_conversation(phone):
    open_panel(phone)
    send(phone, "I need a German course")
    sender = stored_sender(phone)
    assert tracker_events(sender) == ["I need a German course"]
    # One tap only asks (deleting cannot be undone); the conversation is still there.
    phone.click("[data-lotse-action=delete]")
    assert "Noch einmal" in phone.inner_text("[data-lotse-action=delete]") or "again" in phone.inner_text("[data-lotse-action=delete]")
    phone.wait_for_timeout(500)
    assert tracker_events(sender) == ["I need a German course"]
    phone.click("[data-lotse-action=delete]")
    phone.wait_for_function("document.querySelectorAll('#lotse-log .lotse-msg-user').length === 0", timeout=REPLY_MS)
    phone.wait_for_selector(".lotse-typing", state="hidden", timeout=REPLY_MS)
    assert tracker_events(sender) == []
    assert stored_sender(phone) != sender
    shot(phone, "deleted")


def test_a_typed_delete_request_is_confirmed_with_buttons_and_then_clears_the_widget(phone):
    open_panel(phone)
    send(phone, "Ich suche einen Deutschkurs")
    sender = stored_sender(phone)
    send(phone, "bitte lösch unser Gespräch")
    buttons = phone.locator("#lotse-log .lotse-quick-replies button")
    assert buttons.count() == 2 and tracker_events(sender) == ["Ich suche einen Deutschkurs", "bitte lösch unser Gespräch"]
    shot(phone, "delete-question")
    buttons.first.click()  # "Ja, löschen"
    phone.wait_for_function("document.querySelectorAll('#lotse-log .lotse-msg-user').length === 0", timeout=REPLY_MS)
    phone.wait_for_selector(".lotse-typing", state="hidden", timeout=REPLY_MS)
    assert tracker_events(sender) == []
    assert stored_sender(phone) in (None, "") or stored_sender(phone) != sender
    assert "gelöscht" in bot_messages(phone).last.inner_text()


def test_markup_is_shown_as_text_and_never_run(phone):
    open_panel(phone)
    attack = "<img src=x onerror=alert(1)>"
    send(phone, attack)
    user = phone.locator("#lotse-log .lotse-msg-user").last
    assert user.inner_text().strip() == attack
    assert phone.locator("#lotse-log img").count() == 0
    shot(phone, "markup-as-text")
    # the fixture fails the test on any dialog (alert) or script error


def test_a_message_over_the_limit_is_refused_and_kept(phone):
    open_panel(phone)
    long = "Deutschkurs " * 90  # 1,080 characters
    phone.fill("#lotse-input", long)
    phone.keyboard.press("Enter")
    phone.wait_for_selector(".lotse-error", state="visible")
    assert "1000" in phone.locator(".lotse-error").inner_text().replace(".", "").replace(" ", "")
    assert phone.input_value("#lotse-input") == long
    assert phone.locator("#lotse-log .lotse-msg-user").count() == 0


CONTRAST_JS = """(selector) => {
  const parse = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (rgb) => { const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                         return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const background = (node) => { for (; node; node = node.parentElement) { const c = getComputedStyle(node).backgroundColor;
                                   if (!c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return parse(c); } return [255, 255, 255]; };
  return [...document.querySelectorAll(selector)].map(node => {
    const [a, b] = [lum(parse(getComputedStyle(node).color)), lum(background(node))];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); });
}"""


def test_keyboard_only_visible_focus_announcements_contrast_and_text_scaling(browser, live_bot):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    page = context.new_page()
    page.goto(DEMO)
    # Keyboard only: Tab until the launcher has focus, Enter opens, the input gets focus.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "lotse-launcher":
            break
    assert page.evaluate("document.activeElement.id") == "lotse-launcher"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth")
    assert not outline.startswith("none") and not outline.endswith(" 0px"), outline
    page.keyboard.press("Enter")
    page.wait_for_selector("#lotse-panel", state="visible")
    assert page.evaluate("document.activeElement.id") == "lotse-input"
    for text in ("I would like to learn German, where is a course?", "I live in Stralsund"):
        before = page.locator("#lotse-log > *").count()
        page.keyboard.type(text)
        page.keyboard.press("Enter")
        wait_for_reply(page, before)
    assert page.locator(".lotse-card").count() >= 1, page.locator("#lotse-log").inner_text()
    # New messages are announced: they land in a polite live region.
    assert page.get_attribute("#lotse-log", "aria-live") == "polite"
    assert page.get_attribute("#lotse-log", "role") == "log"
    # WCAG AA: text against its background at least 4.5:1.
    for selector in (".lotse-msg-bot", ".lotse-msg-user", ".lotse-card-name", ".lotse-card-why", ".lotse-card-value a",
                     "#lotse-send", ".lotse-title", "[data-lotse-action=restart]"):
        ratios = page.evaluate(CONTRAST_JS, selector)
        assert ratios and min(ratios) >= 4.5, (selector, ratios)
    shot(page, "en-desktop-referral")
    # Text scales with the reader's font size.
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.lotse-msg-bot')).fontSize)")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.lotse-msg-bot')).fontSize)") >= 1.8 * size
    # Escape closes, focus goes back to the launcher.
    page.keyboard.press("Escape")
    assert page.locator("#lotse-panel").is_hidden()
    assert page.evaluate("document.activeElement.id") == "lotse-launcher"
    context.close()


def _page_on(browser, url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    return context, page


def test_a_page_on_another_allowed_origin_completes_a_referral(browser, live_bot, other_sites):
    context, page = _page_on(browser, other_sites["allowed"])
    try:
        open_panel(page)
        send(page, "Ich möchte meinen Berufsabschluss aus Syrien anerkennen lassen")
        assert "Wo wohnen Sie" in bot_messages(page).last.inner_text()
        send(page, "Güstrow")
        names = page.locator(".lotse-card .lotse-card-name").all_inner_texts()
        assert any("Anerkennung" in name for name in names), names
        assert page.locator(".lotse-error").is_hidden()
        shot(page, "cross-origin-referral")
        assert page.errors == []
    finally:
        context.close()


def test_a_page_on_an_origin_the_bot_does_not_allow_gets_a_clear_error(browser, live_bot, other_sites):
    from bot.dialogue.catalog import get_catalog

    context, page = _page_on(browser, other_sites["other"])
    try:
        open_panel(page)
        page.fill("#lotse-input", "Ich suche einen Deutschkurs")
        page.keyboard.press("Enter")
        error = page.locator(".lotse-error")
        error.wait_for(state="visible", timeout=REPLY_MS)
        assert error.inner_text().strip() == get_catalog().text("de", "widget_error_origin")
        assert page.input_value("#lotse-input") == "Ich suche einen Deutschkurs"  # nothing lost
        shot(page, "cross-origin-refused")
        assert page.errors == []
    finally:
        context.close()


def test_zz_server_stopped_gives_a_clear_error_and_keeps_the_text(phone, live_bot):
    # Named to run last: it stops the bot this module started.
    open_panel(phone)
    send(phone, "Hallo")
    live_bot.stop()
    phone.fill("#lotse-input", "Ich brauche einen Deutschkurs in Stralsund")
    phone.keyboard.press("Enter")
    phone.wait_for_selector(".lotse-error", state="visible", timeout=REPLY_MS)
    assert phone.locator(".lotse-error").inner_text().strip()
    assert phone.input_value("#lotse-input") == "Ich brauche einen Deutschkurs in Stralsund"
    shot(phone, "server-stopped")

