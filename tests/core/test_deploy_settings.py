"""Production settings come from the environment and pass `manage.py check --deploy` without warnings.

Each case is a fresh `manage.py` process with DJANGO_SETTINGS_MODULE=unionportal.settings.base (there is no
production-only settings file); the processes run side by side to keep the suite fast."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CASES = {
    "production": {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "example.org"},
    # Forgetting SECRET_KEY and ALLOWED_HOSTS in production must not go unnoticed.
    "forgotten": {"DEBUG": "0", "SECRET_KEY": "", "ALLOWED_HOSTS": ""},
}


@pytest.fixture(scope="module")
def checks():
    processes = {}
    for name, env in CASES.items():
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "DEBUG"))}
        environ.update(DJANGO_SETTINGS_MODULE="unionportal.settings.base", LOG_LEVEL="WARNING", **env)
        processes[name] = subprocess.Popen(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env=environ,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    results = {}
    for name, process in processes.items():
        output, _ = process.communicate(timeout=120)
        results[name] = (process.returncode, output)
    return results


def test_production_settings_pass_check_deploy_without_warnings(checks):
    returncode, output = checks["production"]
    assert returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNING" not in output


def test_the_development_key_and_missing_hosts_are_flagged_in_production(checks):
    returncode, output = checks["forgotten"]
    assert returncode != 0
    assert "security.W009" in output  # the built-in development key
    assert "security.W020" in output  # ALLOWED_HOSTS empty
