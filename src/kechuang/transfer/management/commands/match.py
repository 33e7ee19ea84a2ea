import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.codes import CodedError
from kechuang.core.management.base import TranslatedCommand
from kechuang.transfer.matching import ACHIEVEMENT, DEMAND, match_all, read_jsonl
from kechuang.transfer.messages import matching_error_text, reason_text


class Command(TranslatedCommand):
    # A file-in/file-out command (cli.OFFLINE_COMMANDS): it reads the two files and prints.
    help = gettext_lazy(
        "为每条技术需求推荐最相关的科技成果（读取 JSON Lines 文件，输出 JSON Lines；无需数据库、密钥或迁移）"
    )

    def add_arguments(self, parser):
        parser.add_argument("--demands", type=Path, required=True, help=_("技术需求文件（JSON Lines，每行一条）"))
        parser.add_argument(
            "--achievements", type=Path, required=True, help=_("科技成果文件（JSON Lines，每行一条）")
        )
        parser.add_argument("--top", type=int, default=10, help=_("每条需求推荐的成果数，默认 10"))
        parser.add_argument(
            "--dictionary", type=Path, action="append", default=[],
            help=_("补充的技术词典文件（每行一个词，可跟同义词；可多次给出）"),
        )

    def handle(self, *args, demands: Path, achievements: Path, top: int, dictionary: list[Path], **options):
        if top < 1:
            raise CommandError(_("--top 应为正整数。"))
        demand_records = self._read(demands, DEMAND)
        achievement_records = self._read(achievements, ACHIEVEMENT)
        dictionaries = [*getattr(settings, "TRANSFER_DICTIONARY_FILES", []), *dictionary]
        for path in dictionaries:
            if not Path(path).is_file():
                raise CommandError(_("找不到技术词典文件 %(file)s。") % {"file": path})
        ranked = match_all(demand_records, achievement_records, top=top, dictionaries=[str(p) for p in dictionaries])
        out = sys.stdout
        for demand_id, results in ranked:
            line = {
                "demand_id": demand_id,
                "results": [
                    {
                        "achievement_id": result.id,
                        "score": result.score,
                        "reasons": [reason_text(reason) for reason in result.reasons],
                    }
                    for result in results
                ],
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")

    def _read(self, path: Path, kind: str):
        try:
            with path.open(encoding="utf-8-sig") as lines:
                return list(read_jsonl(lines, kind=kind, source=path.name))
        except OSError as exc:
            raise CommandError(
                _("无法读取文件 %(file)s：%(reason)s") % {"file": path, "reason": exc.strerror}
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(_("文件 %(file)s 不是 UTF-8 编码的文本。") % {"file": path}) from exc
        except CodedError as exc:
            raise CommandError(matching_error_text(exc)) from exc
