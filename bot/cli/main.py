"""The ``lotse`` command.

  lotse services validate [PATH]   check services.yml (and places.yml); exit 1 on errors
  lotse check                      check that every language and need of bot/registry.yml has its files
  lotse train [--force]            train a model into models/ if inputs changed; log to .lotse/train.log
  lotse try [TEXT ...]             parse messages with the trained model; one JSON line each
  lotse run [--cluster] [--replicas N]  start the action server and the Rasa server(s); Ctrl-C stops all
  lotse chat                       chat with the running bot in the terminal
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import List, Optional

from bot.settings import REPO_ROOT, get_settings


def _validate(args: argparse.Namespace) -> int:
    from bot.directory.loader import load_directory

    settings = get_settings()
    services = Path(args.path) if args.path else settings.services_file
    places = Path(args.places) if args.places else settings.places_file
    today = dt.date.fromisoformat(args.today) if args.today else settings.current_date()
    if not services.exists():
        print(f"{services}:1: file not found", file=sys.stderr)
        return 1
    directory, problems = load_directory(services, places, today)
    for problem in problems:
        print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if directory is None:
        print(f"{services}: {errors} error(s), {warnings} warning(s): not valid", file=sys.stderr)
        return 1
    print(f"{services}: valid: {len(directory.services)} services, {len(directory.places.places)} places, {warnings} warning(s)")
    return 0


def _check(args: argparse.Namespace) -> int:
    from bot.completeness import problems
    from bot.registry import load_registry

    root = Path(args.root) if args.root else REPO_ROOT
    found = problems(root)
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print(f"lotse check: {len(found)} problem(s): a language or need of bot/registry.yml lacks data", file=sys.stderr)
        return 1
    registry = load_registry(root / "bot" / "registry.yml")
    print(f"complete: {len(registry.languages)} languages ({', '.join(registry.codes)}), {len(registry.needs)} needs")
    return 0


def _try(args: argparse.Namespace) -> int:
    from bot.cli.nlu_check import parse_messages

    texts: List[str] = list(args.text) or [line.rstrip("\n") for line in sys.stdin if line.strip()]
    for result in parse_messages(texts, Path(args.model) if args.model else None):
        print(json.dumps(result, ensure_ascii=False))
    return 0


def _train(args: argparse.Namespace) -> int:
    from bot.cli.server import train

    return train(force=args.force)


def _run(args: argparse.Namespace) -> int:
    from bot.cli.server import run

    return run(replicas=args.replicas, cluster=args.cluster or args.replicas > 1)


def _chat(args: argparse.Namespace) -> int:
    from bot.cli.server import chat

    return chat(args.url)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lotse", description="Lotse: routes migrants to the right counselling service.")
    commands = parser.add_subparsers(dest="command", required=True)

    services = commands.add_parser("services", help="work with the services directory")
    services_commands = services.add_subparsers(dest="services_command", required=True)
    validate = services_commands.add_parser("validate", help="check services.yml; print PATH:LINE: message per problem")
    validate.add_argument("path", nargs="?", help=f"services file (default: {REPO_ROOT / 'services.yml'})")
    validate.add_argument("--places", help="places table (default: places.yml beside the repository's services.yml)")
    validate.add_argument("--today", help="check funding periods as of this date (YYYY-MM-DD)")
    validate.set_defaults(handler=_validate)

    check = commands.add_parser("check", help="check that every language and need of bot/registry.yml has its files")
    check.add_argument("--root", help="project folder to check (default: this one)")
    check.set_defaults(handler=_check)

    try_cmd = commands.add_parser("try", help="parse messages with the trained model, one JSON line each")
    try_cmd.add_argument("text", nargs="*", help="messages (default: one per line on stdin)")
    try_cmd.add_argument("--model", help="model file (default: the newest in models/)")
    try_cmd.set_defaults(handler=_try)

    train = commands.add_parser("train", help="train the model if the data, domain or config changed")
    train.add_argument("--force", action="store_true", help="train even if nothing changed")
    train.set_defaults(handler=_train)

    run = commands.add_parser("run", help="start the action server and the Rasa server")
    run.add_argument("--cluster", action="store_true",
                     help="scale-out topology: PostgreSQL, Redis, Rasa replicas on 127.0.0.1 and nginx in front on LOTSE_RASA_PORT")
    run.add_argument("--replicas", type=int, default=1, help="number of Rasa replicas (implies --cluster when above 1)")
    run.set_defaults(handler=_run)

    chat = commands.add_parser("chat", help="chat with the running bot in this terminal")
    chat.add_argument("--url", help="Rasa server (default: http://localhost:$LOTSE_RASA_PORT)")
    chat.set_defaults(handler=_chat)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except ValueError as error:  # bad settings or arguments: say what, no traceback
        print(f"lotse: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
