import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.importing import REGISTRY, get_spec, run_import
from kechuang.core.management.base import TranslatedCommand
from kechuang.core.uploads import UploadError


class Command(TranslatedCommand):
    help = gettext_lazy("从 Excel 导入数据（全部通过校验才写入），在终端显示进度")

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", help=_("导入类型：%(kinds)s") % {"kinds": _("、").join(sorted(REGISTRY))} if REGISTRY else _("导入类型")
        )
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help=_("以该用户身份导入（记入变更记录）；默认记为系统"))
        parser.add_argument(
            "--plan", type=int, metavar="ID", help=_("只导入该规划的数据，其他规划的行报错（适用于 observations）")
        )

    def handle(self, *args, kind, file, user, plan, **options):
        try:
            spec = get_spec(kind)
        except UploadError as exc:
            raise CommandError(str(exc)) from exc
        scope = {}
        if plan is not None:
            if "plan_id" not in spec.scope_keys:
                raise CommandError(_("导入类型“%(kind)s”不支持 --plan。") % {"kind": kind})
            scope["plan_id"] = plan
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("用户“%(username)s”不存在。") % {"username": user})
        if not file.exists():
            raise CommandError(_("文件不存在：%(file)s") % {"file": file})

        def progress(done: int, total: int) -> None:
            percent = 100 * done // max(total, 1)
            sys.stderr.write("\r" + _("校验中 %(done)s/%(total)s 行（%(percent)s%%）") % {"done": done, "total": total, "percent": percent})
            sys.stderr.flush()

        result = run_import(spec, file.read_bytes(), actor=actor, file_name=file.name, scope=scope, progress=progress)
        sys.stderr.write("\n")
        if not result.ok:
            for error in result.errors[:200]:
                self.stderr.write(str(error))
            raise CommandError(_("发现 %(count)s 处错误，整份文件未导入。") % {"count": len(result.errors)})
        self.stdout.write(_("导入完成：新增 %(created)s 条，更新 %(updated)s 条。") % {
            "created": result.summary.get("created", 0), "updated": result.summary.get("updated", 0)
        })
