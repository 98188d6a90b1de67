"""The Rasa server as ``lotse run`` starts it: stock ``rasa`` with Lotse's adjustments installed
first (``python -m bot.cli.rasa_server run ...`` takes the arguments of ``rasa``).

1. **A silent action server fails fast.** Rasa waits up to five minutes for a custom action, and
   a timeout there is not one of the errors it recovers from: the whole turn fails. Lotse gives
   each call :attr:`Settings.action_timeout` seconds to connect and to answer, as an
   ``aiohttp`` socket timeout, which Rasa handles like a refused connection: the slot logic is
   skipped, the failed action logged, and the turn goes on — so the safety answer (rendered in
   this process) still goes out.
"""
from __future__ import annotations

import sys
from typing import Optional, Sequence

from bot.settings import Settings, get_settings


def install_adjustments(settings: Settings) -> None:
    import aiohttp
    import rasa.core.actions.action as rasa_actions

    # Read per call by RemoteAction.run (rasa/core/actions/action.py), passed to aiohttp.
    rasa_actions.DEFAULT_REQUEST_TIMEOUT = aiohttp.ClientTimeout(  # type: ignore[assignment]
        total=None, sock_connect=settings.action_timeout, sock_read=settings.action_timeout)


def main(argv: Optional[Sequence[str]] = None) -> int:
    install_adjustments(get_settings())
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *(sys.argv[1:] if argv is None else argv)]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
