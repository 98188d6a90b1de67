"""The widget's source: text never becomes HTML, and nothing is loaded from elsewhere."""
import re
from pathlib import Path

WIDGET = Path(__file__).resolve().parent.parent / "bot" / "widget"


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
