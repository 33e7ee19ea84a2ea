import json
import sys
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.codes import CodedError
from kechuang.core.management.base import TranslatedCommand
from kechuang.plans.messages import error_text, with_reason
from kechuang.plans.progress import evaluate_contract


class Command(TranslatedCommand):
    help = gettext_lazy(
        "计算一个指标的进展：kechuang progress 文件.json（- 表示标准输入），输出一个 JSON 对象"
        "（只读文件，无需数据库、密钥或迁移）"
    )
    # Runs offline (cli.OFFLINE_COMMANDS): no database, so no system checks that might need one.
    requires_system_checks = []

    def add_arguments(self, parser):
        # Any count, so that a wrong count gets the command's own Chinese usage line.
        parser.add_argument("file", nargs="*", help=_("指标与监测数据的 JSON 文件"))

    def handle(self, *args, file, **options):
        """Print the progress object of one indicator file (see docs/guide/progress.md); exit 2 on bad input."""
        if len(file) != 1:
            self._fail(_("用法：kechuang progress 文件.json（或 - 表示标准输入）"))
        name = file[0]
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8-sig")
            result = evaluate_contract(json.loads(text))
        except OSError as exc:
            self._fail(_("无法读取 %(file)s：%(error)s") % {"file": name, "error": exc.strerror or exc})
        except UnicodeDecodeError:
            self._fail(_("%(file)s 不是 UTF-8 编码的文本。") % {"file": name})
        except json.JSONDecodeError as exc:
            self._fail(
                _("%(file)s 不是有效的 JSON：第 %(line)s 行第 %(column)s 列。")
                % {"file": name, "line": exc.lineno, "column": exc.colno}
            )
        except CodedError as exc:
            self._fail(error_text(exc))
        except RecursionError:
            self._fail(_("输入嵌套过深。"))
        sys.stdout.write(json.dumps(with_reason(result), ensure_ascii=False) + "\n")

    def _fail(self, message: str) -> None:
        sys.stderr.write(message + "\n")
        raise SystemExit(2)
