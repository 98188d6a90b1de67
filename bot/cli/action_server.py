"""The action server as ``lotse run`` starts it: rasa_sdk's app, exposed as little as possible.

* It listens on ``LOTSE_HOST`` (default 127.0.0.1), not on every interface.
* It answers ``/webhook`` only with the shared ``LOTSE_ACTION_TOKEN`` (``lotse run`` makes one per
  start and gives it to the Rasa server through ``endpoints.yml``; set it yourself when the action
  server runs elsewhere), so nobody else can run Lotse's actions on a conversation.
* When an action raises, the answer says only that it failed: rasa_sdk's own handler puts the
  whole request (the tracker: everything the person wrote) into its 500 answer, which the Rasa
  server then logs. The log line names the action and the error type, never the tracker.
"""
from __future__ import annotations

import hmac
import logging
import sys
from typing import Any, Optional, Sequence

from bot.settings import get_settings

logger = logging.getLogger(__name__)


def create_app(token: Optional[str]) -> Any:
    from rasa_sdk.endpoint import create_app as create_sdk_app
    from sanic import response

    app = create_sdk_app("actions", cors_origins=None)  # called by the Rasa server only: no CORS

    @app.middleware("request")
    async def only_with_the_token(request: Any) -> Any:
        if token and request.path == "/webhook":
            given = request.args.get("token") or ""
            if not hmac.compare_digest(given.encode(), token.encode()):
                return response.json({"error": "unauthorized"}, status=401)
        return None

    async def failed(request: Any, exception: Exception) -> Any:
        action = (request.json or {}).get("next_action") if request.path == "/webhook" and _is_json(request) else None
        logger.error("action %s failed: %s", action, type(exception).__name__)
        return response.json({"error": "the action failed"}, status=500)

    app.error_handler.add(Exception, failed)
    return app


def _is_json(request: Any) -> bool:
    try:
        return isinstance(request.json, dict)
    except Exception:  # a body that is not JSON: no action name to log
        return False


def main(argv: Optional[Sequence[str]] = None) -> int:
    settings = get_settings()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(settings.action_token)
    app.run(settings.host, settings.actions_port, access_log=False, workers=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
