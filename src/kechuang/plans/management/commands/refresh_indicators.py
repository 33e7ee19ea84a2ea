from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.management.base import TranslatedCommand
from kechuang.plans.models import Plan
from kechuang.plans.tasks import refresh_computed_indicators


class Command(TranslatedCommand):
    help = gettext_lazy("按平台数据重新计算自动计算类指标的监测值（--plan 只算一个规划；--background 交给后台任务）")

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, help=_("规划编号"))
        parser.add_argument("--background", action="store_true", help=_("放入后台任务队列，由 worker 执行"))

    def handle(self, *args, plan, background, **options):
        if plan is not None and not Plan.objects.filter(pk=plan).exists():
            raise CommandError(_("规划 %(plan)s 不存在。") % {"plan": plan})
        if background:
            result = refresh_computed_indicators.enqueue(plan)
            self.stdout.write(_("已排入后台任务：%(id)s") % {"id": result.id})
            return
        totals = refresh_computed_indicators.call(plan)
        self.stdout.write(
            _("已计算 %(indicators)s 个指标：新增 %(created)s 条，更新 %(updated)s 条，未变 %(unchanged)s 条。") % totals
        )
