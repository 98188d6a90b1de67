"""With several replicas the widget channel's rate limit is one limit, shared through a real Redis
server (Debian's redis-server, started here on a free loopback port)."""
import pytest

from bot.cli.local_services import Redis, free_port
from bot.web.channel import RedisRateLimiter, rate_limiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = Redis(tmp_path_factory.mktemp("redis"), free_port()).start()
    yield server.url
    server.stop()


def test_two_replicas_share_one_limit_per_client(redis_url):
    clock = Clock()
    first, second = (RedisRateLimiter(redis_url, 3, 60, clock, prefix="test-share:") for _ in range(2))
    assert [first.allow("198.51.100.7"), second.allow("198.51.100.7"), first.allow("198.51.100.7")] == [True, True, True]
    assert not second.allow("198.51.100.7") and not first.allow("198.51.100.7")  # the fourth, on either replica
    assert first.allow("198.51.100.8")  # another client has its own count
    clock.now += 61
    assert second.allow("198.51.100.7")  # the window has moved on


def test_an_unreachable_redis_falls_back_to_counting_in_the_process():
    limiter = RedisRateLimiter(f"redis://127.0.0.1:{free_port()}/0", 2, 60, prefix="test-down:")
    assert [limiter.allow("a"), limiter.allow("a"), limiter.allow("a")] == [True, True, False]


def test_without_a_redis_url_the_limit_is_per_process(redis_url):
    assert not isinstance(rate_limiter("30/60", None), RedisRateLimiter)
    assert isinstance(rate_limiter("30/60", redis_url), RedisRateLimiter)
