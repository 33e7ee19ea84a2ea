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
# Pure file-in/file-out commands: no database, no secret key, no migration. Each names the options
# that make it write the database after all, and so need the real secret like any other command.
OFFLINE_COMMANDS: dict[str, tuple[str, ...]] = {"progress": (), "ingest": ("--commit",), "assess": (), "match": ()}
# Django's ways of asking for the list of commands, a command's help or the version.
HELP_COMMANDS = {"help", "-h", "--help", "version", "--version"}


def var_dir() -> Path:
    return Path(os.environ.get("KECHUANG_VAR_DIR", Path.cwd() / "var")).resolve()


def runs_offline(argv: list[str]) -> bool:
    """Whether `kechuang ARGV…` only prints help or turns files into files, never opening the database."""
    command = argv[1] if len(argv) > 1 else "help"
    args = argv[2:]
    if "--" in args:
        args = args[: args.index("--")]
    if command in HELP_COMMANDS or "-h" in args or "--help" in args:
        return True
    if command not in OFFLINE_COMMANDS:
        return False
    # argparse also takes an unambiguous prefix of an option (`--com` for `--commit`).
    given = [arg.split("=", 1)[0] for arg in args if arg.startswith("--")]
    return not any(option.startswith(prefix) for option in OFFLINE_COMMANDS[command] for prefix in given)


def ensure_secret_key(argv: list[str]) -> None:
    """Use SECRET_KEY from the environment; else the demo's key kept under var/.

    Without either, help and the offline commands get a key that dies with the process: they sign
    nothing and store nothing. Every other command is left to settings, which refuse to load.
    """
    if os.environ.get("SECRET_KEY") or os.environ.get("SECRET_KEY_FILE"):
        return
    command = argv[1] if len(argv) > 1 else "help"
    key_file = var_dir() / "secret_key"
    if key_file.exists():
        os.environ["SECRET_KEY_FILE"] = str(key_file)
    elif runs_offline(argv):
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    elif command in LOCAL_SECRET_COMMANDS:
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
        os.environ["SECRET_KEY_FILE"] = str(key_file)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kechuang.settings")
    if len(argv) > 1 and argv[1] == "demo":
        os.environ.setdefault("DEBUG", "true")
    ensure_secret_key(argv)
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["kechuang", *argv[1:]])
    except ImproperlyConfigured as exc:
        # A missing or malformed setting: its message says what to set, a traceback would bury it.
        if "--traceback" in argv:
            raise
        sys.exit(str(exc))


if __name__ == "__main__":
    main()
