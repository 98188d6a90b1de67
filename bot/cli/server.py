"""Training and running: what ``make train`` and ``make run`` call.

Servers' and training's logs go to ``LOTSE_LOG_DIR`` (default ``.lotse/``); the terminal
gets a short summary.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Callable, Dict, List, Optional

from bot.cli.quiet import quiet_environment
from bot.settings import RASA_CONFIG, RASA_CREDENTIALS, RASA_DOMAIN, RASA_ENDPOINTS, REPO_ROOT, Settings, get_settings

MODEL_NAME = "lotse"


def _env(settings: Settings) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(quiet_environment())
    reachable = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    env.setdefault("LOTSE_ACTION_ENDPOINT", f"http://{reachable}:{settings.actions_port}/webhook")
    # The action server answers only the Rasa server: a token per start unless one is set.
    env.setdefault("LOTSE_ACTION_TOKEN", secrets.token_urlsafe(24))
    return env


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def train(force: bool = False) -> int:
    settings = get_settings()
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    log = settings.log_dir / "train.log"
    model = settings.model_dir / f"{MODEL_NAME}.tar.gz"
    before = model.stat().st_mtime if model.exists() else None
    command = [sys.executable, "-m", "rasa", "train", "--domain", str(RASA_DOMAIN),
               "--config", str(RASA_CONFIG), "--data", str(REPO_ROOT / "data"),
               "--out", str(settings.model_dir), "--fixed-model-name", MODEL_NAME]
    if force:
        command.append("--force")
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as handle:
        code = subprocess.call(command, cwd=REPO_ROOT, env=_env(settings), stdout=handle, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    if code != 0 or not model.exists():
        print(f"Training failed (exit {code}) after {seconds:.0f} s. Last lines of {log}:\n{_tail(log)}", file=sys.stderr)
        return code or 1
    if before is not None and model.stat().st_mtime == before:
        print(f"Training: nothing changed since the last model ({model}); checked in {seconds:.0f} s.")
    else:
        print(f"Training: done in {seconds:.1f} s -> {model} (log: {log})")
    return 0


def _wait_until_up(url: str, processes: List[subprocess.Popen], timeout: float = 300.0) -> bool:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            return False
        try:
            if requests.get(url, timeout=2).ok:
                return True
        except requests.RequestException:
            pass
        time.sleep(1)
    return False


def _stop(processes: List[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def supervise(running: Dict[str, subprocess.Popen], start,  # type: ignore[no-untyped-def]
              clock=time.monotonic, sleep=time.sleep, max_backoff: float = 30.0) -> None:
    """Restarts a server that stopped (the safety answer needs only the Rasa server, but referrals
    need both), waiting 1, 2, 4 ... up to ``max_backoff`` seconds between restarts of one that
    keeps failing. Returns only when interrupted (Ctrl-C)."""
    backoff: Dict[str, float] = {name: 1.0 for name in running}
    started = {name: clock() for name in running}
    while True:
        sleep(0.5)
        for name, process in list(running.items()):
            code = process.poll()
            if code is None:
                continue
            if clock() - started[name] > 60:
                backoff[name] = 1.0  # it had run a while: start again quickly
            print(f"The {name} stopped (exit {code}); restarting it in {backoff[name]:.0f} s.", file=sys.stderr, flush=True)
            sleep(backoff[name])
            running[name] = start(name)
            started[name], backoff[name] = clock(), min(backoff[name] * 2, max_backoff)


def run(replicas: int = 1, cluster: bool = False) -> int:
    """The action server and the Rasa server, restarted when they stop. With ``cluster``: the
    scale-out topology (bot/cli/cluster.py): PostgreSQL and Redis (started here unless
    configured), ``replicas`` Rasa servers on 127.0.0.1 and nginx in front on the public port."""
    settings = get_settings()
    if replicas < 1:
        raise ValueError(f"--replicas must be at least 1, got {replicas}")
    if not cluster:
        return _serve(settings, {}, [settings.rasa_port], None)
    with contextlib.ExitStack() as stack:
        from bot.cli.cluster import endpoints_for, load_balancer, replica_ports, shared_services

        settings.data_dir.mkdir(parents=True, exist_ok=True)
        print("Starting the shared services (PostgreSQL, Redis) ...", flush=True)
        shared = stack.enter_context(shared_services(settings, want_database=True, want_redis=True))
        redis_url = shared.get("LOTSE_REDIS_URL") or settings.redis_url or ""
        print(f"  conversations: {shared.get('LOTSE_DATABASE_URL') or 'LOTSE_DATABASE_URL'}; locks and rate limit: {redis_url}", flush=True)
        # Behind nginx: the client's address comes from X-Forwarded-For (Sanic's PROXIES_COUNT).
        extra = {**shared, "SANIC_PROXIES_COUNT": "1"}
        ports = replica_ports(settings.rasa_port, replicas)
        return _serve(settings, extra, ports, endpoints_for(redis_url, settings.data_dir),
                      lambda: stack.enter_context(load_balancer(settings, ports)))


def _serve(settings: Settings, extra_env: Dict[str, str], ports: List[int], endpoints: Optional[Path],
           front: Optional[Callable[[], object]] = None) -> int:
    from bot.cli.nlu_check import newest_model

    settings.log_dir.mkdir(parents=True, exist_ok=True)
    env = {**_env(settings), **extra_env}
    model = newest_model()
    logs = {"action server": (settings.log_dir / "actions.log").open("w", encoding="utf-8")}
    commands = {"action server": [sys.executable, "-m", "bot.cli.action_server"]}  # port, host and token from the environment
    names = ["Rasa server"] if len(ports) == 1 and front is None else [f"Rasa replica {i + 1}" for i in range(len(ports))]
    for name, port in zip(names, ports, strict=True):
        logs[name] = (settings.log_dir / ("rasa.log" if name == "Rasa server" else f"rasa-{port}.log")).open("w", encoding="utf-8")
        # Stock Rasa with Lotse's adjustments (bot/cli/rasa_server.py): a silent action server fails fast,
        # the interface comes from LOTSE_HOST, the HTTP API is on only with LOTSE_API_TOKEN (from the environment).
        commands[name] = [sys.executable, "-m", "bot.cli.rasa_server", "run",
                          "--model", str(model), "--endpoints", str(endpoints or RASA_ENDPOINTS),
                          "--credentials", str(RASA_CREDENTIALS), "--port", str(port)]
        if front is not None:
            commands[name] += ["--interface", "127.0.0.1"]  # only nginx is public

    def start(name: str) -> subprocess.Popen:
        return subprocess.Popen(commands[name], cwd=REPO_ROOT, env=env, stdout=logs[name], stderr=subprocess.STDOUT)

    running = {name: start(name) for name in commands}  # restarted processes replace theirs here
    base = f"http://localhost:{settings.rasa_port}"
    try:
        print(f"Starting Lotse with {model.name} (logs in {settings.log_dir}/) ...", flush=True)
        host = "127.0.0.1" if front is not None or settings.host in ("0.0.0.0", "::") else settings.host
        up = _wait_until_up(f"http://{host}:{settings.actions_port}/health", list(running.values()))
        for port in ports:  # the channel answers once the model is loaded
            up = up and _wait_until_up(f"http://{host}:{port}/webhooks/lotse/", list(running.values()))
        if not up:
            tails = "\n".join(_tail(Path(log.name)) for log in logs.values())
            print(f"Lotse did not start. Last lines of the logs:\n{tails}", file=sys.stderr)
            return 1
        if front is not None:
            front()
            print(f"  {len(ports)} Rasa replicas on 127.0.0.1:{ports[0]}-{ports[-1]}, nginx in front on port {settings.rasa_port}.")
        print(f"Lotse is running.\n"
              f"  Chat in this terminal:  .venv/bin/lotse chat   (in a second terminal)\n"
              f"  The widget on a demo page:  {base}/webhooks/lotse/demo   (open it in a browser)\n"
              f"  Widget endpoint:        POST {base}/webhooks/lotse/webhook  {{\"sender\": \"lotse-8f3c2a91d04e6b7c5a1f\", \"message\": \"Hallo\"}}\n"
              f"  Press Ctrl-C to stop.", flush=True)
        supervise(running, start)
        return 1
    except KeyboardInterrupt:
        print("\nStopping Lotse ...", flush=True)
        return 0
    finally:
        _stop(list(running.values()))
        for log in logs.values():
            log.close()


def render_for_terminal(messages: List[Dict]) -> List[str]:
    """Bot messages as terminal lines: text, numbered buttons, service payloads left to the text twin."""
    lines: List[str] = []
    for message in messages:
        if message.get("text"):
            lines.append(message["text"])
        for number, button in enumerate(message.get("buttons") or [], start=1):
            lines.append(f"  [{number}] {button.get('title')}")
    return lines


def chat(url: Optional[str] = None) -> int:
    import requests

    base = url or f"http://localhost:{get_settings().rasa_port}"
    sender = f"terminal-{uuid.uuid4().hex}"
    buttons: List[Dict] = []
    print("Lotse chat. Type a message, a button number, or Ctrl-D to leave.")
    while True:
        try:
            text = input("> ").strip()
        except EOFError:
            print()
            return 0
        if not text:
            continue
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            response = requests.post(f"{base}/webhooks/lotse/webhook", json={"sender": sender, "message": text}, timeout=60)
            response.raise_for_status()
        except requests.RequestException as error:
            print(f"(Lotse is not reachable at {base}: {error}. Is `make run` running?)")
            continue
        messages = response.json()
        buttons = [b for m in messages for b in (m.get("buttons") or [])]
        for line in render_for_terminal(messages):
            print(line)
