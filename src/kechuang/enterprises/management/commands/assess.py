import datetime
import os
import sys
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.codes import CodedError
from kechuang.core.management.base import TranslatedCommand
from kechuang.enterprises.criteria import RULES_ENV, TIERS, Assessor
from kechuang.enterprises.criteria.stream import assess_lines
from kechuang.enterprises.messages import CriteriaRenderer, error_text


class Command(TranslatedCommand):
    help = gettext_lazy(
        "按官方标准评价企业梯度：kechuang assess 文件.jsonl --year 年度，每行一个企业记录，每行输出一个评价结果"
        "（只读文件，无需数据库、密钥或迁移）。格式有误的行在标准错误中报告行号并跳过，其余行照常输出，"
        "有错误行时退出码为 1。"
    )
    # Runs offline (cli.OFFLINE_COMMANDS): no database, so no system checks that might need one.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="*", help=_("企业记录的 JSON Lines 文件（- 表示标准输入）"))
        parser.add_argument("--year", type=int, help=_("评价（申报）年度；缺省为记录中最近财务年度加一"))
        parser.add_argument("--date", help=_("评价日期 YYYY-MM-DD，决定适用的标准版本；缺省为评价年度的 6 月 30 日"))
        parser.add_argument("--rules", help=_("本地规则目录：覆盖随软件提供的规则文件或其参数（parameters.toml）"))
        parser.add_argument("--tiers", nargs="+", help=_("只评价这些梯度，例如 high_tech tech_sme；缺省为全部"))

    def handle(self, *args, file, year, date, rules, tiers, **options):
        """Print one assessment per input line (docs/guide/assessment.md); exit 1 if a line was bad, 2 on bad usage."""
        if len(file) != 1:
            self._fail(_("用法：kechuang assess 文件.jsonl [--year 年度] [--date YYYY-MM-DD] [--rules 目录] [--tiers …]"))
        day = None
        if date is not None:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                self._fail(_("--date 应为 YYYY-MM-DD 格式的日期，实际为 %(date)s。") % {"date": date})
        if tiers:
            tiers = [tier for item in tiers for tier in item.split(",") if tier]
            unknown = [tier for tier in tiers if tier not in TIERS]
            if unknown:
                self._fail(_("未知的梯度：%(tiers)s。可选：%(choices)s") % {
                    "tiers": _("、").join(unknown), "choices": _("、").join(TIERS)})
        try:
            assessor = Assessor(rules or os.environ.get(RULES_ENV) or None)
        except CodedError as exc:
            self._fail(error_text(exc))
        name = file[0]
        try:
            handle = sys.stdin if name == "-" else Path(name).open(encoding="utf-8-sig")
        except OSError as exc:
            self._fail(_("无法读取 %(file)s：%(error)s") % {"file": name, "error": exc.strerror or exc})
        bad = 0
        write, report = sys.stdout.write, sys.stderr.write
        try:
            for number, line, error in assess_lines(handle, assessor, CriteriaRenderer(), year=year, date=day,
                                                    tiers=tuple(tiers) if tiers else None):
                if error is None:
                    write(line + "\n")
                else:
                    bad += 1
                    report(_("%(file)s 第 %(line)s 行：%(error)s") % {
                        "file": name, "line": number, "error": error_text(error)} + "\n")
        except UnicodeDecodeError:
            self._fail(_("%(file)s 不是 UTF-8 编码的文本。") % {"file": name})
        finally:
            if handle is not sys.stdin:
                handle.close()
        if bad:
            raise SystemExit(1)

    def _fail(self, message: str) -> None:
        sys.stderr.write(message + "\n")
        raise SystemExit(2)
