import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.access import is_bureau_admin
from kechuang.core.management.base import TranslatedCommand
from kechuang.ingest.extract import extract
from kechuang.ingest.extract.readers import DocumentError, read_document
from kechuang.ingest.messages import document_error_text, review_error_text
from kechuang.ingest.review import ReviewError


class Command(TranslatedCommand):
    # Without --commit the command runs offline (cli.OFFLINE_COMMANDS): it only reads the file.
    help = gettext_lazy(
        "解析规划文件，输出其中的指标与任务（只读文件，无需数据库、密钥或迁移）；"
        "加 --commit 则不经人工审核直接生成规划（需要数据库）"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("规划文件（.txt、.docx、.pdf、.html）"))
        parser.add_argument("--format", choices=["json", "text"], default="json", help=_("输出格式，默认 json"))
        parser.add_argument("--commit", action="store_true", help=_("解析后不经人工审核直接生成规划"))
        parser.add_argument("--user", help=_("以该科技局管理员身份生成（--commit 时必填）"))

    def handle(self, *args, file: Path, format: str, commit: bool, user: str | None, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("无法读取文件 %(file)s：%(reason)s") % {"file": file, "reason": exc.strerror}
            ) from exc
        if commit:
            self._commit(file, data, user)
            return
        try:
            result = extract(read_document(data, file.name), document=file.name)
        except DocumentError as exc:
            raise CommandError(document_error_text(exc)) from exc
        if format == "json":
            sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        else:
            for item in result["indicators"]:
                targets = _("；").join(
                    f"{t['year']} {t['comparator']} {t['value']} {t['relative'] or ''}" for t in item["targets"]
                )
                self.stdout.write(_("指标  %(name)s（%(unit)s）：%(targets)s") % {
                    "name": item["name"], "unit": item["unit"] or "-", "targets": targets,
                })
            for task in result["tasks"]:
                self.stdout.write(_("任务  %(number)s %(title)s 牵头：%(leads)s") % {
                    "number": task["number"], "title": task["title"], "leads": _("、").join(task["lead_units"]),
                })

    def _commit(self, file: Path, data: bytes, username: str | None) -> None:
        from kechuang.ingest.services import commit_document, extract_document, upload_document

        actor = get_user_model().objects.filter(username=username).first() if username else None
        if actor is None or not is_bureau_admin(actor):
            raise CommandError(_("--commit 需要 --user 指定一位科技局管理员。"))
        try:
            document = upload_document(actor=actor, file_name=file.name, data=data, schedule=False)
        except DocumentError as exc:
            raise CommandError(document_error_text(exc)) from exc
        document = extract_document(document.pk)
        if document.error:
            raise CommandError(document.error)
        try:
            plan = commit_document(document, actor=actor)
        except ReviewError as exc:
            raise CommandError(review_error_text(exc)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("已生成规划“%(title)s”（编号 %(id)s）：指标 %(indicators)s 个，任务 %(tasks)s 项。") % {
            "title": plan.title, "id": plan.pk, "indicators": plan.indicators.count(), "tasks": plan.tasks.count(),
        })
