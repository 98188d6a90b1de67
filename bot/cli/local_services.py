"""PostgreSQL, Redis and nginx from Debian's packages, run as child processes of Lotse on loopback:
the scale-out topology on one machine (``make run-cluster``) and in its tests.

Nothing here is home-made infrastructure: these are the real servers with a configuration
written into a folder of Lotse's data directory, started on given ports bound to 127.0.0.1 and
stopped again by whoever started them. An organisation with its own database, Redis or load
balancer sets ``LOTSE_DATABASE_URL`` / ``LOTSE_REDIS_URL`` and uses those instead.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import List, Optional, Sequence


class ServiceError(RuntimeError):
    """A local server could not be started; the message says which and why."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


def _need(binary: str, package: str) -> str:
    found = shutil.which(binary) or next(iter(sorted(glob.glob(binary))), None)
    if not found:
        raise ServiceError(f"{binary} not found: install Debian's {package} (make run-cluster and make test do)")
    return found


class Postgres:
    """A PostgreSQL cluster in ``directory`` (created on first start, kept afterwards)."""

    def __init__(self, directory: Path, port: int) -> None:
        initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
        if not initdb:
            raise ServiceError("PostgreSQL not found: install Debian's postgresql (make run-cluster and make test do)")
        self.bin, self.dir, self.port = Path(initdb[-1]).parent, Path(directory), port
        # PostgreSQL refuses to run as root: then its files and processes belong to "postgres".
        self.as_postgres: List[str] = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *command: str, timeout: float = 120) -> str:
        result = subprocess.run([*self.as_postgres, *command], capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise ServiceError(f"{Path(command[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}")
        return result.stdout

    def start(self, fast_and_unsafe: bool = False) -> "Postgres":
        """``fast_and_unsafe``: no fsync (tests only: a crash may lose the data)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
            if subprocess.run([*self.as_postgres, "test", "-w", str(self.dir)]).returncode != 0:
                raise ServiceError(f"PostgreSQL runs as the user postgres, who cannot reach {self.dir}: make its parent folders "
                                   f"traversable (chmod o+x) or set LOTSE_DATA_DIR to a folder under one that is")
        data = self.dir / "data"
        if not (data / "PG_VERSION").exists():
            self._run(str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                      *(["--no-sync"] if fast_and_unsafe else []))
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        if fast_and_unsafe:
            options += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(self.dir / "server.log"), "-w", "start")
        return self

    def create_database(self, name: str) -> str:
        """Creates ``name`` if it is not there; returns its URL."""
        psql = [str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-tAc"]
        if self._run(*psql, f"SELECT 1 FROM pg_database WHERE datname = '{name}'").strip() != "1":
            self._run(*psql, f"CREATE DATABASE {name}")
        return self.url(name)

    def url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def query(self, database: str, sql: str) -> str:
        return self._run(str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-tAc", sql).strip()

    def stop(self) -> None:
        subprocess.run([*self.as_postgres, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "stop"],
                       capture_output=True, timeout=60)


class Redis:
    """A Redis server without persistence: it holds only locks and rate-limit counters."""

    def __init__(self, directory: Path, port: int) -> None:
        self.binary, self.dir, self.port = _need("redis-server", "redis-server"), Path(directory), port
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> "Redis":
        self.dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir), "--save", "", "--appendonly", "no",
             "--logfile", str(self.dir / "redis.log")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_for_port(self.port):
            self.stop()
            raise ServiceError(f"redis-server did not start on port {self.port} (log: {self.dir / 'redis.log'})")
        return self

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        _terminate(self.process)


def nginx_config(directory: Path, public_port: int, upstream_ports: Sequence[int], max_body_bytes: int = 64 * 1024,
                 listen_host: str = "127.0.0.1") -> str:
    """nginx in front of the Rasa replicas: round robin, no sticky sessions, a replica that fails
    is skipped for a few seconds and its request retried on the next; no access log (no one's
    address or path is kept); the client's address passed on for the rate limit."""
    servers = "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in upstream_ports)
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""# Written by Lotse (bot/cli/local_services.py); changes are overwritten.
{user}worker_processes 1;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {directory}/tmp-body;
  proxy_temp_path {directory}/tmp-proxy;
  fastcgi_temp_path {directory}/tmp-fastcgi;
  uwsgi_temp_path {directory}/tmp-uwsgi;
  scgi_temp_path {directory}/tmp-scgi;
  client_max_body_size {max_body_bytes};
  upstream lotse {{
{servers}
    keepalive 16;
  }}
  server {{
    listen {listen_host}:{public_port};
    location / {{
      proxy_pass http://lotse;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
    }}
  }}
}}
"""


class Nginx:
    def __init__(self, directory: Path, public_port: int, upstream_ports: Sequence[int], listen_host: str = "127.0.0.1") -> None:
        self.binary, self.dir, self.listen_host = _need("nginx", "nginx"), Path(directory), listen_host
        self.public_port, self.upstream_ports = public_port, list(upstream_ports)
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> "Nginx":
        self.dir.mkdir(parents=True, exist_ok=True)
        config = self.dir / "nginx.conf"
        config.write_text(nginx_config(self.dir, self.public_port, self.upstream_ports, listen_host=self.listen_host), encoding="utf-8")
        self.process = subprocess.Popen([self.binary, "-c", str(config), "-p", str(self.dir)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_for_port(self.public_port):
            self.stop()
            raise ServiceError(f"nginx did not start on port {self.public_port} (log: {self.dir / 'nginx-error.log'})")
        return self

    def stop(self) -> None:
        _terminate(self.process)


def _terminate(process: Optional[subprocess.Popen]) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
