
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.management.base import TranslatedCommand
from kechuang.plans.progress import main


class Command(TranslatedCommand):
    help = gettext_lazy(
        "计算一个指标的进展：kechuang progress 文件.json（- 表示标准输入），输出一个 JSON 对象"
        "（只读文件，无需数据库、密钥或迁移）"
    )
    # Runs offline (cli.OFFLINE_COMMANDS): no database, so no system checks that might need one.
    requires_system_checks = []

    def add_arguments(self, parser):
        # Any count, so that progress.main answers a wrong count with its own Chinese usage line.
        parser.add_argument("file", nargs="*", help=_("指标与监测数据的 JSON 文件"))

    def handle(self, *args, file, **options):
        code = main(file)
        if code:
            raise SystemExit(code)
