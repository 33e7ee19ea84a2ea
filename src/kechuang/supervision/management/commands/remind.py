from __future__ import annotations

import datetime

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.management.base import TranslatedCommand
from kechuang.supervision.reminders import send_reminders
from kechuang.supervision.tasks import run_reminders


class Command(TranslatedCommand):
    help = gettext_lazy("发送督办提醒：逾期节点、缺报的进展报告、超期未答复的督办单（每项只提醒一次）。")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help=_("按哪一天判断逾期，格式 YYYY-MM-DD，默认今天"))
        parser.add_argument("--enqueue", action="store_true", help=_("交给后台任务执行，而不是立即执行"))

    def handle(self, *args, date: str | None = None, enqueue: bool = False, **options) -> None:
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(_("日期“%(date)s”格式不正确，应为 YYYY-MM-DD。") % {"date": date}) from None
        if enqueue:
            result = run_reminders.enqueue(today.isoformat() if today else None)
            self.stdout.write(_("已提交后台任务 %(id)s。") % {"id": result.id})
            return
        sent = send_reminders(today)
        self.stdout.write(_("已提醒责任单位 %(unit)s 项，向科技局汇总 %(bureau)s 项。") % sent)
