from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from kechuang.supervision.reminders import send_reminders
from kechuang.supervision.tasks import run_reminders


class Command(BaseCommand):
    help = "发送督办提醒：逾期节点、缺报的进展报告、超期未答复的督办单（每项只提醒一次）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="按哪一天判断逾期，格式 YYYY-MM-DD，默认今天")
        parser.add_argument("--enqueue", action="store_true", help="交给后台任务执行，而不是立即执行")

    def handle(self, *args, date: str | None = None, enqueue: bool = False, **options) -> None:
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"日期“{date}”格式不正确，应为 YYYY-MM-DD。") from None
        if enqueue:
            result = run_reminders.enqueue(today.isoformat() if today else None)
            self.stdout.write(f"已提交后台任务 {result.id}。")
            return
        sent = send_reminders(today)
        self.stdout.write(f"已提醒责任单位 {sent['unit']} 项，向科技局汇总 {sent['bureau']} 项。")
