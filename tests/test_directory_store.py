import logging
import os
import shutil

import pytest

from bot.directory import DirectoryError, DirectoryStore
from tests.conftest import FIXTURES, TODAY


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def files(tmp_path):
    shutil.copy(FIXTURES / "services.yml", tmp_path / "services.yml")
    shutil.copy(FIXTURES / "places.yml", tmp_path / "places.yml")
    return tmp_path


def touch_later(path, text):
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_reloads_a_changed_file(files):
    clock = Clock()
    store = DirectoryStore(files / "services.yml", files / "places.yml", today=lambda: TODAY, check_seconds=2, clock=clock)
    assert store.current().get("frauen-coaching") is not None
    text = (files / "services.yml").read_text(encoding="utf-8").replace("id: frauen-coaching", "id: frauen-coaching-neu")
    touch_later(files / "services.yml", text)
    assert store.current().get("frauen-coaching") is not None  # not checked again yet
    clock.now = 5
    assert store.current().get("frauen-coaching-neu") is not None


def test_invalid_edit_keeps_the_last_valid_directory_and_logs(files, caplog):
    clock = Clock()
    store = DirectoryStore(files / "services.yml", files / "places.yml", today=lambda: TODAY, check_seconds=0, clock=clock)
    before = store.current()
    broken = (files / "services.yml").read_text(encoding="utf-8").replace("needs: [women_coaching]", "needs: [womens_coaching]")
    touch_later(files / "services.yml", broken)
    with caplog.at_level(logging.ERROR):
        after = store.current()
    assert after is before
    assert "unknown need 'womens_coaching'" in caplog.text and "keeping the last valid directory" in caplog.text
    assert any(p.severity == "error" for p in store.last_problems)
    # Fixing the file brings the change in.
    touch_later(files / "services.yml", broken.replace("womens_coaching", "women_coaching").replace("id: frauen-coaching", "id: fc2"))
    assert store.current().get("fc2") is not None


def test_no_valid_directory_at_all_raises_with_problems(files):
    (files / "services.yml").write_text("services: [\n", encoding="utf-8")
    store = DirectoryStore(files / "services.yml", files / "places.yml", today=lambda: TODAY)
    with pytest.raises(DirectoryError) as error:
        store.current()
    assert "YAML syntax error" in str(error.value)
