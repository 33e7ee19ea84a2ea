"""The `kechuang` console command: Django's management commands under the project's settings.

`kechuang demo`, `kechuang serve`, `kechuang migrate`, `kechuang generate`, `kechuang progress` …
`kechuang help` lists them all.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

# Commands that may create the local secret key (first run of the demo on a laptop).
LOCAL_SECRET_COMMANDS = {"demo"}
# Pure file-in/file-out commands need no database or secret; any key lets settings load.
OFFLINE_COMMANDS = {"progress", "ingest"}


def var_dir() -> Path:
    return Path(os.environ.get("KECHUANG_VAR_DIR", Path.cwd() / "var")).resolve()


def ensure_secret_key(command: str) -> None:
    """Use SECRET_KEY from the environment; else the demo's key kept under var/."""
    if os.environ.get("SECRET_KEY") or os.environ.get("SECRET_KEY_FILE"):
        return
    key_file = var_dir() / "secret_key"
    if not key_file.exists() and command in LOCAL_SECRET_COMMANDS:
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    if key_file.exists():
        os.environ["SECRET_KEY_FILE"] = str(key_file)
    elif command in OFFLINE_COMMANDS:
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    command = argv[1] if len(argv) > 1 else "help"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kechuang.settings")
    if command == "demo":
        os.environ.setdefault("DEBUG", "true")
    ensure_secret_key(command)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kechuang", *argv[1:]])


if __name__ == "__main__":
    main()
