"""The Rasa server as ``lotse run`` starts it: stock ``rasa`` with Lotse's adjustments installed
first (``python -m bot.cli.rasa_server run ...`` takes the arguments of ``rasa``).

1. **A silent action server fails fast.** Rasa waits up to five minutes for a custom action, and
   a timeout there is not one of the errors it recovers from: the whole turn fails. Lotse gives
   each call :attr:`Settings.action_timeout` seconds to connect and to answer, as an
   ``aiohttp`` socket timeout, which Rasa handles like a refused connection: the slot logic is
   skipped, the failed action logged, and the turn goes on — so the safety answer (rendered in
   this process) still goes out.
2. **The widget's channel answers its own CORS preflights.** ``rasa run`` installs sanic-cors
   for every path, and its automatic OPTIONS answer (with no allowed origin unless ``--cors``)
   came before the channel's, so no browser on another site could post a message. Rasa's CORS
   now leaves the channel's paths alone; the channel allows exactly ``LOTSE_ALLOWED_ORIGINS``.
3. **Bodies are bounded before they are read.** Sanic accepts 100 MB by default; Lotse's largest
   request is a widget message (16 KB), so Sanic refuses anything over :data:`REQUEST_MAX_BYTES`
   with 413 before reading it (nginx in the cluster has the same limit).
4. **Nothing a person wrote reaches the log.** Rasa's structured log lines carry the message text,
   entities and slot values under known keys (e.g. ``user_text`` on a parse warning); Rasa blanks
   them only with a Rasa Pro plugin. Here they are always replaced by ``[redacted]``.
"""
from __future__ import annotations

import os
import sys
from typing import Any, Dict, Optional, Sequence

from bot.settings import Settings, get_settings

REQUEST_MAX_BYTES = 64 * 1024
# The keys Rasa's own log anonymizer treats as personal (rasa/utils/log_utils.py, _anonymizer).
REDACTED_LOG_KEYS = ("text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
                     "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
                     "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states",
                     "successes", "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
                     "json_message")


def redact_log_event(logger: Any, method: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
    """A structlog processor: the personal fields of a log event replaced by "[redacted]"."""
    for key in REDACTED_LOG_KEYS:
        if key in event_dict:
            event_dict[key] = "[redacted]"
    return event_dict
# The widget channel's paths (bot/web/channel.py), which do their own CORS.
CHANNEL_PATHS = r"/webhooks/lotse/"


def configure_cors_except_channel(app: Any, cors_origins: Any = "") -> None:
    """Rasa's ``configure_cors`` for every path but the widget channel's."""
    from sanic_cors import CORS

    app.config.CORS_AUTOMATIC_OPTIONS = True
    app.config.CORS_SUPPORTS_CREDENTIALS = True
    app.config.CORS_EXPOSE_HEADERS = "filename"
    CORS(app, resources={rf"^(?!{CHANNEL_PATHS}).*": {"origins": cors_origins or ""}}, automatic_options=True)


def install_adjustments(settings: Settings) -> None:
    import aiohttp
    import rasa.core.actions.action as rasa_actions
    import rasa.server

    rasa.server.configure_cors = configure_cors_except_channel  # called by rasa.core.run.configure_app
    import rasa.utils.log_utils

    rasa.utils.log_utils._anonymizer = redact_log_event  # read by configure_structlog when Rasa sets up its log
    os.environ.setdefault("SANIC_REQUEST_MAX_SIZE", str(REQUEST_MAX_BYTES))  # Sanic reads SANIC_* when the app is made

    # Read per call by RemoteAction.run (rasa/core/actions/action.py), passed to aiohttp.
    rasa_actions.DEFAULT_REQUEST_TIMEOUT = aiohttp.ClientTimeout(  # type: ignore[assignment]
        total=None, sock_connect=settings.action_timeout, sock_read=settings.action_timeout)


def exposure_arguments(settings: Settings, args: Sequence[str]) -> list:
    """``rasa run`` arguments for least exposure: the interface from ``LOTSE_HOST``; the HTTP API
    only when ``LOTSE_API_TOKEN`` is set, with that token — added here, inside the process, so the
    token never shows in ``ps``."""
    added = []
    if "--interface" not in args and "-i" not in args:
        added += ["--interface", settings.host]
    if settings.api_token and "--enable-api" not in args:
        added += ["--enable-api", "--auth-token", settings.api_token]
    return [*args, *added]


def main(argv: Optional[Sequence[str]] = None) -> int:
    settings = get_settings()
    install_adjustments(settings)
    from rasa.__main__ import main as rasa_main

    args = list(sys.argv[1:] if argv is None else argv)
    sys.argv = ["rasa", *(exposure_arguments(settings, args) if args[:1] == ["run"] else args)]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
