import shutil
import subprocess
import sys

from bot.cli.main import main
from tests.conftest import FIXTURES


def test_validate_valid_file_exits_0_and_prints_warnings(capsys):
    code = main(["services", "validate", str(FIXTURES / "services.yml"), "--places", str(FIXTURES / "places.yml"), "--today", "2026-11-24"])
    out = capsys.readouterr().out
    assert code == 0
    assert "warning: service 'sprachkurs-rostock': its last known period ended on 2025-06-30" in out
    assert out.strip().endswith("valid: 7 services, 11 places, 3 warning(s)")


def test_validate_prints_every_problem_as_path_line_message_and_exits_1(tmp_path, capsys):
    broken = tmp_path / "services.yml"
    text = (FIXTURES / "services.yml").read_text(encoding="utf-8")
    text = text.replace("needs: [language_course]", "needs: [languages]")
    text = text.replace("verified: 2026-06-01\n    source: test fixture\n\n  - id: sprachkurs", "verified: 1.6.2026\n    source: test fixture\n\n  - id: sprachkurs")
    broken.write_text(text, encoding="utf-8")
    code = main(["services", "validate", str(broken), "--places", str(FIXTURES / "places.yml"), "--today", "2026-11-24"])
    err = capsys.readouterr().err
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith(str(broken) + ":")]
    assert any(":46: service 'sprachkurs-rostock': unknown need 'languages'" in line for line in lines)
    assert any(":40: service 'anerkennung-stralsund': bad date verified: '1.6.2026'" in line for line in lines)
    assert "not valid" in err


def test_validate_yaml_syntax_error_and_missing_file(tmp_path, capsys):
    broken = tmp_path / "services.yml"
    broken.write_text("services:\n  - id: a\n    name: [oops\n", encoding="utf-8")
    assert main(["services", "validate", str(broken), "--places", str(FIXTURES / "places.yml")]) == 1
    assert "YAML syntax error" in capsys.readouterr().err
    assert main(["services", "validate", str(tmp_path / "missing.yml")]) == 1


def test_console_script_is_installed_and_validates_the_real_directory():
    lotse = shutil.which("lotse", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert lotse, "the lotse console script is not installed"
    result = subprocess.run([lotse, "services", "validate"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "valid:" in result.stdout
