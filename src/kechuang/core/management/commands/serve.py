import logging
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动网站（waitress）与后台任务进程：一个命令即是完整部署"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程（另行运行 kechuang db_worker）")

    def handle(self, *args, host, port, threads, no_worker, **options):
        from waitress import serve

        from kechuang.wsgi import application

        logging.getLogger("kechuang").setLevel(logging.INFO)
        worker = None
        if not no_worker and settings.TASKS["default"]["BACKEND"].endswith("DatabaseBackend"):
            # A separate process so a long import never blocks page requests.
            worker = subprocess.Popen([sys.executable, "-m", "kechuang", "db_worker", "--interval", "0.5"])
            self.stdout.write(f"后台任务进程已启动（PID {worker.pid}）。")
        self.stdout.write(f"科创平台已启动：http://{host}:{port}/  （Ctrl+C 停止）")
        try:
            serve(application, host=host, port=port, threads=threads, ident="kechuang")
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
