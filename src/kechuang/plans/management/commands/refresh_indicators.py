from django.core.management.base import BaseCommand, CommandError

from kechuang.plans.models import Plan
from kechuang.plans.tasks import refresh_computed_indicators


class Command(BaseCommand):
    help = "按平台数据重新计算自动计算类指标的监测值（--plan 只算一个规划；--background 交给后台任务）"

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, help="规划编号")
        parser.add_argument("--background", action="store_true", help="放入后台任务队列，由 worker 执行")

    def handle(self, *args, plan, background, **options):
        if plan is not None and not Plan.objects.filter(pk=plan).exists():
            raise CommandError(f"规划 {plan} 不存在。")
        if background:
            result = refresh_computed_indicators.enqueue(plan)
            self.stdout.write(f"已排入后台任务：{result.id}")
            return
        totals = refresh_computed_indicators.call(plan)
        self.stdout.write(
            f"已计算 {totals['indicators']} 个指标：新增 {totals['created']} 条，更新 {totals['updated']} 条，"
            f"未变 {totals['unchanged']} 条。"
        )
