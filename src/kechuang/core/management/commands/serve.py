import logging
import subprocess
import sys

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy("启动网站（waitress）与后台任务进程：一个命令即是完整部署")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true", help=_("不启动后台任务进程（另行运行 kechuang db_worker）"))

    def handle(self, *args, host, port, threads, no_worker, **options):
        from waitress import serve

        from kechuang.wsgi import application

        logging.getLogger("kechuang").setLevel(logging.INFO)
        worker = None
        if not no_worker and settings.TASKS["default"]["BACKEND"].endswith("DatabaseBackend"):
            # A separate process so a long import never blocks page requests.
            worker = subprocess.Popen([sys.executable, "-m", "kechuang", "db_worker", "--interval", "0.5"])
            self.stdout.write(_("后台任务进程已启动（PID %(pid)s）。") % {"pid": worker.pid})
        self.stdout.write(_("科创平台已启动：http://%(host)s:%(port)s/  （Ctrl+C 停止）") % {"host": host, "port": port})
        try:
            serve(application, host=host, port=port, threads=threads, ident="kechuang")
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
