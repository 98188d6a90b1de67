"""The widget's source: text never becomes HTML, nothing is loaded from elsewhere, and its languages
and texts are the catalogs', not a copy."""
import re
from pathlib import Path

WIDGET = Path(__file__).resolve().parent.parent / "bot" / "web" / "widget"


def test_the_widget_never_turns_text_into_html_or_code():
    source = (WIDGET / "lotse-widget.js").read_text(encoding="utf-8")
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert forbidden not in source, forbidden


def test_no_external_fonts_cdns_cookies_or_trackers():
    for name in ("lotse-widget.js", "demo.html"):
        source = (WIDGET / name).read_text(encoding="utf-8")
        hosts = set(re.findall(r"https?://([\w.-]+)", source))
        # OpenStreetMap is only a link target for the address; the SVG namespace is a name, not a download;
        # example hosts only in comments.
        assert hosts <= {"www.openstreetmap.org", "www.w3.org", "localhost", "bot.example.org"}, hosts
        assert "document.cookie" not in source and "@import" not in source and "@font-face" not in source
    demo = (WIDGET / "demo.html").read_text(encoding="utf-8")
    assert re.findall(r'<script[^>]*src="([^"]+)"', demo) == ["lotse-widget.js"]


def _used_string_keys(source):
    """The keys of every t('key') / t(cond ? 'a' : 'b') call in the widget."""
    return {key for call in re.findall(r"\bt\(([^)]*)\)", source) for key in re.findall(r"'(\w+)'", call)}


def test_languages_and_texts_are_not_copied_into_the_widget_but_come_from_the_catalogs():
    from bot.dialogue.catalog import get_catalog

    source = (WIDGET / "lotse-widget.js").read_text(encoding="utf-8")
    catalog = get_catalog()
    widget_keys = {key[len("widget_"):] for key in catalog.texts["de"] if key.startswith("widget_")}
    assert _used_string_keys(source) == widget_keys
    for code in catalog.languages:
        assert catalog.text(code, "widget_welcome") not in source, code
        if code != "de":  # Deutsch: the fallback's one language
            assert f"'{catalog.names[code]}'" not in source, code


def test_the_widgets_german_fallback_is_the_german_catalogs_text():
    from bot.dialogue.catalog import get_catalog

    source = (WIDGET / "lotse-widget.js").read_text(encoding="utf-8")
    block = source[source.index("var FALLBACK_CONFIG = {"):]
    block = block[block.index("strings:"):block.index("};")]
    fallback = dict(re.findall(r"(\w+): '([^'\\]*)'", block))
    assert {"error_network", "error_too_long", "send"} <= set(fallback)
    german = get_catalog().texts["de"]
    assert fallback == {key: german["widget_" + key] for key in fallback}
