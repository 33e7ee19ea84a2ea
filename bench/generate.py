"""`kechuang generate --enterprises N` wall time, on SQLite and (when reachable) PostgreSQL.

Runs the real command in a fresh database each time. Usage: python bench/generate.py [N]
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, database_urls, recreate_postgres_database  # noqa: E402

KECHUANG = Path(sys.executable).parent / "kechuang"


def run(database_url: str, enterprises: int) -> tuple[float, float]:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "benchmark-only", "KECHUANG_VAR_DIR": "/tmp/kc-bench-var"}
    subprocess.run([KECHUANG, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([KECHUANG, "loadreference"], env=env, check=True, cwd=ROOT, capture_output=True)
    started = time.perf_counter()
    subprocess.run(
        [KECHUANG, "generate", "--seed", "1", "--enterprises", str(enterprises)], env=env, check=True, cwd=ROOT, capture_output=True
    )
    total = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run([KECHUANG, "check"], env=env, check=True, cwd=ROOT, capture_output=True)
    startup = time.perf_counter() - started
    return total, startup


def main() -> None:
    enterprises = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"kechuang generate --enterprises {enterprises}")
    for engine, url in database_urls("kc_bench_generate").items():
        if engine == "postgresql":
            recreate_postgres_database(url)
        total, startup = run(url, enterprises)
        print(
            f"  {engine:<10} {total:7.1f} s in all; {enterprises / total:8.0f} enterprises/s; "
            f"command start-up alone {startup:.2f} s"
        )


if __name__ == "__main__":
    main()
