"""The website widget's channel: ``POST /webhooks/lotse/webhook`` (the REST channel's request and
answer, checked and limited), the widget script and its demo page.

Request: ``{"sender": "lotse-…", "message": "…", "metadata": {"language": "de-DE"}}``; answer: the
bot's messages as a JSON list, as Rasa's REST channel sends them. A malformed body, a message
over :data:`MAX_MESSAGE_CHARS` or too many messages from one client get a 4xx with
``{"error": code, "message": text for the person}``, never a crash. Browsers may call it only from
the allowed origins (``LOTSE_ALLOWED_ORIGINS``; default: the demo page's own).

The widget's languages and UI strings come from ``bot/registry.yml`` and the catalogs' ``widget_*``
keys (:func:`widget_config`), written into the script when it is served, so that they exist once.

Configured in ``credentials.yml`` as ``bot.web.channel.LotseWidgetInput``.
"""
from __future__ import annotations

import asyncio
import collections
import functools
import ipaddress
import json
import logging
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Deque, Dict, Iterable, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy import text as sa_text

from bot.settings import get_settings

if TYPE_CHECKING:
    from bot.dialogue.catalog import Catalog
    from bot.registry import Registry

logger = logging.getLogger(__name__)

WIDGET_DIR = Path(__file__).resolve().parent / "widget"
MAX_MESSAGE_CHARS = 1000
MAX_BODY_BYTES = 16 * 1024
# A conversation id is its only key: whoever knows it can continue, summarise or delete it. So it
# must be unguessable, as the widget makes it ("lotse-" and 20 random hex digits): an optional
# word prefix, then at least 16 characters with at least 5 different ones (random hex fails that
# about once in 10^9).
_SENDER_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,80}$")
MIN_SENDER_DISTINCT = 5
MAX_SENDER_CHARS = 100
# Metadata a client may send that is kept; anything else is dropped at the door.
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}$")
MAX_LANGUAGE_TAG_CHARS = 35
WIDGET_KEY_PREFIX = "widget_"
# The one spot in lotse-widget.js the server fills with widget_config(); the file stays valid
# JavaScript without it (CONFIG is then null and the widget uses its small German fallback).
CONFIG_PLACEHOLDER = "/*LOTSE_CONFIG*/null"


@dataclass(frozen=True)
class Rejection(Exception):
    """A request the channel refuses: HTTP status, a code for programs, a catalog key for people."""
    status: int
    code: str
    text_key: str


@dataclass(frozen=True)
class WidgetRequest:
    sender: str
    message: str
    metadata: Dict[str, Any]


def is_unguessable_sender(sender: object) -> bool:
    if not isinstance(sender, str) or len(sender) > MAX_SENDER_CHARS:
        return False
    prefix, dash, rest = sender.partition("-")
    token = rest if dash and prefix.isalpha() and prefix.isascii() and len(prefix) <= 20 else sender
    return bool(_SENDER_TOKEN.match(token)) and len(set(token)) >= MIN_SENDER_DISTINCT


def kept_metadata(metadata: object) -> Dict[str, str]:
    """Of a message's metadata only a well-formed language tag (``{"language": "de-DE"}``)."""
    language = metadata.get("language") if isinstance(metadata, dict) else None
    if isinstance(language, str) and len(language) <= MAX_LANGUAGE_TAG_CHARS and _LANGUAGE_TAG.match(language):
        return {"language": language}
    return {}


def _json_object(body: bytes) -> Any:
    """The parsed body; ``ValueError`` for bad UTF-8, bad JSON or nesting too deep to parse."""
    try:
        return json.loads(body.decode("utf-8"))
    except RecursionError:  # "[[[[...]]]]": refused, not a crash
        raise ValueError("nested too deeply") from None


def parse_request(body: bytes) -> WidgetRequest:
    """The checked request, or :class:`Rejection` saying what is wrong with it."""
    if len(body) > MAX_BODY_BYTES:
        raise Rejection(413, "message_too_long", "error_message_too_long")
    try:
        data = _json_object(body)
    except (UnicodeDecodeError, ValueError):
        raise Rejection(400, "malformed_body", "error_bad_request") from None
    if not isinstance(data, dict):
        raise Rejection(400, "malformed_body", "error_bad_request")
    sender, message, metadata = data.get("sender"), data.get("message"), data.get("metadata")
    if not is_unguessable_sender(sender):
        raise Rejection(400, "bad_sender", "error_bad_request")
    if not isinstance(message, str) or not message.strip():
        raise Rejection(400, "empty_message", "error_bad_request")
    if len(message) > MAX_MESSAGE_CHARS:
        raise Rejection(413, "message_too_long", "error_message_too_long")
    if metadata is not None and not isinstance(metadata, dict):
        raise Rejection(400, "bad_metadata", "error_bad_request")
    return WidgetRequest(str(sender), message, kept_metadata(metadata))


def client_key(address: str) -> str:
    """Whom a request is counted for: an IPv4 address, or an IPv6 address's /64 network (one
    household or phone gets a whole /64, so counting single addresses would be no limit)."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return address[:64] or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is an IPv4 client
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class RateLimiter:
    """At most ``limit`` requests per ``window`` seconds per client (sliding window, in memory).
    At most ``max_clients`` are remembered: the one seen least recently is forgotten first, in
    constant time (no scan over all clients)."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic, max_clients: int = 10000) -> None:
        self.limit, self.window, self.clock, self.max_clients = limit, window, clock, max_clients
        self._seen: "collections.OrderedDict[str, Deque[float]]" = collections.OrderedDict()

    def allow(self, client: str) -> bool:
        now = self.clock()
        key = client_key(client)
        seen = self._seen.pop(key, None) or collections.deque()
        self._seen[key] = seen  # now the most recently seen
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        while len(self._seen) > self.max_clients:
            self._seen.popitem(last=False)
        return True


# Check and count in one step on the Redis server, so that replicas cannot both let the last one in.
_SLIDING_WINDOW = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) * 1000))
return 1
"""


class RedisRateLimiter:
    """The same limit as :class:`RateLimiter`, shared by all replicas through Redis (a sorted set
    of request times per client that expires with the window). When Redis cannot be reached the
    process falls back to its own count: a Redis failure never turns everyone away."""

    def __init__(self, url: str, limit: int, window: float, clock: Callable[[], float] = time.time,
                 prefix: str = "lotse:rate:") -> None:
        import redis

        self.limit, self.window, self.clock, self.prefix = limit, window, clock, prefix
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.script = self.client.register_script(_SLIDING_WINDOW)
        self.fallback = RateLimiter(limit, window)

    def allow(self, client: str) -> bool:
        import redis

        now = self.clock()
        try:
            return bool(self.script(keys=[self.prefix + client_key(client)], args=[now, self.window, self.limit, f"{now}:{uuid.uuid4().hex[:8]}"]))
        except redis.RedisError as error:
            logger.warning("rate limit: Redis unreachable (%s); counting in this process", type(error).__name__)
            return self.fallback.allow(client)


def rate_limiter(rate_limit: str, redis_url: Optional[str]) -> Any:
    """Shared through Redis when ``LOTSE_REDIS_URL`` is set (several replicas), else in memory."""
    limit, window = parse_rate_limit(rate_limit)
    return RedisRateLimiter(redis_url, limit, window) if redis_url else RateLimiter(limit, window)


def parse_rate_limit(value: str) -> Tuple[int, float]:
    """"30/60" → 30 requests per 60 seconds."""
    try:
        count, seconds = value.split("/")
        limit, window = int(count), float(seconds)
    except ValueError:
        raise ValueError(f"LOTSE_RATE_LIMIT must look like 30/60 (requests/seconds), got {value!r}") from None
    if limit < 1 or window <= 0:
        raise ValueError(f"LOTSE_RATE_LIMIT must be positive, got {value!r}")
    return limit, window


def cors_headers(origin: Optional[str], allowed: Iterable[str]) -> Dict[str, str]:
    """CORS headers for an allowed origin; none for any other (the browser then refuses)."""
    if not origin or origin not in set(allowed):
        return {}
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin",
            "Access-Control-Allow-Methods": "POST, OPTIONS", "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "600"}


def error_text(text_key: str, metadata: Dict[str, Any]) -> str:
    """The refusal in the person's language (from the widget's metadata), else German and English."""
    from bot.dialogue.catalog import get_catalog
    from bot.understanding.language import start_language
    from bot.understanding.safety import get_lexicon

    catalog = get_catalog()
    language = start_language(metadata)
    values = {"limit": MAX_MESSAGE_CHARS, **get_lexicon().numbers}
    if language in catalog.languages:
        return catalog.text(language, text_key, **values)
    return " / ".join(catalog.text(code, text_key, **values) for code in ("de", "en"))


def answered_language(messages: Iterable[Dict[str, Any]]) -> Optional[str]:
    """The language the bot switched to in these messages (its ``language`` payload), if it did."""
    codes = [m["custom"].get("code") for m in messages if isinstance(m.get("custom"), dict) and m["custom"].get("type") == "language"]
    return codes[-1] if codes and isinstance(codes[-1], str) else None


def widget_config(catalog: Optional["Catalog"] = None, registry: Optional["Registry"] = None) -> Dict[str, Any]:
    """What the widget needs to know: the languages (registry order; name in its own script, text
    direction) and every ``widget_*`` catalog text per language, keyed without the prefix (German
    where a language lacks one). ``{placeholders}`` are kept: the widget fills them."""
    from bot.dialogue.catalog import FALLBACK_LANGUAGE, get_catalog, placeholders
    from bot.registry import load_registry

    catalog = catalog or get_catalog()
    registry = registry or load_registry()
    keys = [key for key in catalog.texts[FALLBACK_LANGUAGE] if key.startswith(WIDGET_KEY_PREFIX)]

    def render(code: str, key: str) -> str:
        raw = catalog.texts.get(code, {}).get(key)
        names = placeholders(str(raw if raw is not None else catalog.texts[FALLBACK_LANGUAGE][key]))
        return catalog.text(code, key, **{name: "{" + name + "}" for name in names})

    return {"languages": [{"code": language.code, "name": language.name, "dir": language.dir} for language in registry.languages],
            "strings": {code: {key[len(WIDGET_KEY_PREFIX):]: render(code, key) for key in keys} for code in registry.codes}}


async def health_report(agent: Any, timeout: float) -> Dict[str, str]:
    """Whether the model is loaded, the tracker store answers and the action server is reachable:
    ``{"status": "ok" | "unavailable", "model": ..., "tracker_store": ..., "action_server": ...}``,
    each part "ok" or a short reason (never a message or a tracker)."""
    import aiohttp

    parts = {"model": "ok" if agent is not None and agent.is_ready() else "not loaded"}
    store = getattr(agent, "tracker_store", None)
    try:
        engine = getattr(store, "engine", None)
        if engine is not None:
            with engine.connect() as connection:
                connection.execute(sa_text("SELECT 1"))
        parts["tracker_store"] = "ok" if store is not None else "none"
    except Exception as error:  # any database failure: the part is down, the endpoint still answers
        parts["tracker_store"] = type(error).__name__
    endpoint = getattr(agent, "action_endpoint", None)
    url = getattr(endpoint, "url", None)
    if not url:
        parts["action_server"] = "not configured"
    else:
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
                async with session.get(re.sub(r"/webhook/?$", "", url) + "/health") as answer:
                    parts["action_server"] = "ok" if answer.status == 200 else f"HTTP {answer.status}"
        except Exception as error:  # refused, timed out, unreachable
            parts["action_server"] = type(error).__name__ or "unreachable"
    return {"status": "ok" if all(value == "ok" for value in parts.values()) else "unavailable", **parts}


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: ``<``, ``>`` and ``&`` are escaped, so no
    ``</script>`` or ``<!--`` in a text can end or change the script, and U+2028/U+2029 (line ends
    in older JavaScript engines) too."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def render_widget_script(source: str, config: Dict[str, Any]) -> str:
    """The widget's source with ``config`` written into its placeholder."""
    if source.count(CONFIG_PLACEHOLDER) != 1:
        raise ValueError(f"lotse-widget.js must contain {CONFIG_PLACEHOLDER} exactly once")
    return source.replace(CONFIG_PLACEHOLDER, script_json(config))


@functools.lru_cache(maxsize=None)
def widget_script() -> str:
    """The served widget script, rendered once per process (catalogs and registry do not change while it runs)."""
    return render_widget_script((WIDGET_DIR / "lotse-widget.js").read_text(encoding="utf-8"), widget_config())


@functools.lru_cache(maxsize=None)
def widget_config_json() -> str:
    return script_json(widget_config())


def _metadata_of(body: bytes) -> Dict[str, Any]:
    """The language of a refused request, for the refusal's text; an oversized body is not parsed."""
    if len(body) > MAX_BODY_BYTES:
        return {}
    try:
        data = _json_object(body)
    except (UnicodeDecodeError, ValueError):
        return {}
    return kept_metadata(data.get("metadata")) if isinstance(data, dict) else {}




def _log_failure(turn: "asyncio.Future[Any]") -> None:
    """Logs why a turn failed (the cause only: never the tracker or the message text)."""
    if turn.cancelled():
        logger.error("a widget message's turn was cancelled")
    elif turn.exception() is not None:
        error = turn.exception()
        logger.error("a widget message could not be handled: %s", type(error).__name__)


class LotseWidgetInput(InputChannel):  # type: ignore[misc,valid-type]
    @classmethod
    def name(cls) -> Text:
        return "lotse"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "LotseWidgetInput":
        return cls()

    def __init__(self) -> None:
        settings = get_settings()
        self.allowed_origins = settings.allowed_origins
        self.limiter = rate_limiter(settings.rate_limit, settings.redis_url)
        self.turn_seconds = settings.turn_seconds
        self.health_timeout = settings.action_timeout

    def blueprint(self, on_new_message: Callable[[Any], Awaitable[Any]]) -> "Blueprint":
        widget = Blueprint("lotse_widget", __name__)

        def refuse(rejection: Rejection, origin: Optional[str], metadata: Dict[str, Any]) -> "HTTPResponse":
            headers = cors_headers(origin, self.allowed_origins)
            if rejection.status == 429:
                headers["Retry-After"] = str(int(self.limiter.window))
            return response.json({"error": rejection.code, "message": error_text(rejection.text_key, metadata)},
                                 status=rejection.status, headers=headers)

        @widget.route("/", methods=["GET"])
        async def alive(request: "Request") -> "HTTPResponse":
            return response.json({"status": "ok"})

        @widget.route("/health", methods=["GET"])
        async def health(request: "Request") -> "HTTPResponse":
            # For load balancers: 200 only when this process can serve a whole turn.
            report = await health_report(getattr(request.app.ctx, "agent", None), self.health_timeout)
            return response.json(report, status=200 if report["status"] == "ok" else 503)

        @widget.route("/webhook", methods=["OPTIONS"])
        async def preflight(request: "Request") -> "HTTPResponse":
            headers = cors_headers(request.headers.get("origin"), self.allowed_origins)
            return response.empty(status=204 if headers else 403, headers=headers)

        @widget.route("/webhook", methods=["POST"])
        async def receive(request: "Request") -> "HTTPResponse":
            origin = request.headers.get("origin")
            body = request.body or b""
            if origin and not cors_headers(origin, self.allowed_origins):
                return response.json({"error": "origin_not_allowed", "message": "origin not allowed"}, status=403)
            if not self.limiter.allow(request.remote_addr or request.ip or "unknown"):
                return refuse(Rejection(429, "too_many_requests", "error_rate_limited"), origin, _metadata_of(body))
            try:
                parsed = parse_request(body)
            except Rejection as rejection:
                return refuse(rejection, origin, _metadata_of(body))
            collector = CollectingOutputChannel()
            turn = asyncio.ensure_future(on_new_message(UserMessage(
                parsed.message, collector, parsed.sender, input_channel=self.name(), metadata=parsed.metadata)))
            turn.add_done_callback(_log_failure)
            # Never silence: after turn_seconds the person gets what is ready (the safety answer comes
            # first) and a note; the rest of the turn finishes in the background and is stored.
            done, _ = await asyncio.wait({turn}, timeout=self.turn_seconds)
            messages = list(collector.messages)
            if not done or turn.cancelled() or turn.exception() is not None:
                note = error_text("error_unavailable", {"language": answered_language(messages) or parsed.metadata.get("language")})
                messages.append({"recipient_id": parsed.sender, "text": note})
            return response.json(messages, headers=cors_headers(origin, self.allowed_origins))

        @widget.route("/lotse-widget.js", methods=["GET"])
        async def script(request: "Request") -> "HTTPResponse":
            return response.text(widget_script(), content_type="text/javascript; charset=utf-8",
                                 headers={"Cache-Control": "no-cache"})

        @widget.route("/config", methods=["GET"])
        async def config(request: "Request") -> "HTTPResponse":
            # The same data the script carries, for other clients; readable by the allowed origins' pages.
            headers = {"Cache-Control": "no-cache", **cors_headers(request.headers.get("origin"), self.allowed_origins)}
            return response.text(widget_config_json(), content_type="application/json; charset=utf-8", headers=headers)

        @widget.route("/demo", methods=["GET"])
        async def demo(request: "Request") -> "HTTPResponse":
            return await response.file(WIDGET_DIR / "demo.html", mime_type="text/html; charset=utf-8",
                                       headers={"Cache-Control": "no-cache"})

        return widget
