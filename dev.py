#!/usr/bin/env python3
"""Bootstrap for a fresh clone: `python3 dev.py demo` and `python3 dev.py test`.

Needs only Python 3.11+ and pip. Creates `.venv/`, installs the project into it (again only when
pyproject.toml changed), then runs the demo or the whole test suite — on SQLite, and on
PostgreSQL (DATABASE_URL, or the local server on 127.0.0.1:5432 when reachable; mandatory when
CI=true).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".kechuang-installed"
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/kechuang"
SYSTEM_PACKAGES = {"/usr/bin/chromium": "chromium", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc": "fonts-wqy-microhei"}


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=True)


def install_stamp(extras: str) -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()


def ensure_venv(extras: str) -> None:
    """Install when pyproject.toml changed; an install with the test extras also serves the demo."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs on the system Python, before the venv exists
        sys.exit("科创需要 Python 3.11 或更高版本。")
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    wanted = install_stamp(extras)
    installed = STAMP.read_text() if STAMP.exists() else ""
    if installed not in {wanted, install_stamp("[test]")}:
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PYTHON, "-m", "pip", "install", "--quiet", "-e", f".{extras}")
        STAMP.write_text(wanted)


def ensure_system_packages() -> None:
    """Chromium for browser tests and a CJK font for server-drawn charts (Debian, as root)."""
    missing = [package for path, package in SYSTEM_PACKAGES.items() if not Path(path).exists()]
    if not missing:
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(["apt-get", "install", "-y", *missing], env=env).returncode != 0:
            run("apt-get", "update", env=env)
            run("apt-get", "install", "-y", *missing, env=env)
    else:
        print(f"提示：缺少系统软件包 {' '.join(missing)}，相关测试将被跳过（CI 中会失败）。", flush=True)


def postgres_url() -> str | None:
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return os.environ["DATABASE_URL"]
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return LOCAL_POSTGRES
    except OSError:
        return None


def test(pytest_args: list[str]) -> None:
    ensure_venv("[test]")
    ensure_system_packages()
    run(BIN / "ruff", "check", "src", "tests", "bench", "dev.py")
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    run(PYTHON, "-m", "django", "makemigrations", "--check", "--dry-run", env={**base, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)})
    print("== 测试：SQLite ==", flush=True)
    run(PYTHON, "-m", "pytest", *pytest_args, env=base)
    url = postgres_url()
    if url is None:
        if os.environ.get("CI") == "true":
            sys.exit("CI 中必须在 PostgreSQL 上运行测试，但未找到数据库（设置 DATABASE_URL 或启动 127.0.0.1:5432）。")
        print("提示：未找到 PostgreSQL，跳过 PostgreSQL 测试。", flush=True)
        return
    print("== 测试：PostgreSQL ==", flush=True)
    run(PYTHON, "-m", "pytest", *pytest_args, env={**base, "DATABASE_URL": url})


def demo(args: list[str]) -> None:
    ensure_venv("")
    run(BIN / "kechuang", "demo", *args)


def main() -> None:
    command, *rest = sys.argv[1:] or ["help"]
    if command == "test":
        test(rest)
    elif command == "demo":
        demo(rest)
    else:
        sys.exit("用法：python3 dev.py demo [--port 8000]  |  python3 dev.py test [pytest 参数]")


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
    except KeyboardInterrupt:
        sys.exit(130)
