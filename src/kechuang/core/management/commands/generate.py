import time

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.management.base import TranslatedCommand
from kechuang.core.models import Region
from kechuang.core.reference import load_reference_data
from kechuang.core.synthetic import DEMO_PASSWORD, generate_district


class Command(TranslatedCommand):
    help = gettext_lazy("生成一个模拟区县：单位（含有效统一社会信用代码）、部门、各角色用户")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help=_("随机种子，相同种子生成相同数据"))
        parser.add_argument("--enterprises", type=int, default=500, help=_("企业数量"))
        parser.add_argument("--region", default="210204", help=_("所在区县的 6 位区划代码（默认大连市沙河口区）"))
        parser.add_argument("--no-users", action="store_true", help=_("不创建演示账号"))

    def handle(self, *args, seed, enterprises, region, no_users, **options):
        if enterprises < 0:
            raise CommandError(_("--enterprises 不能为负数"))
        if not Region.objects.exists():
            load_reference_data()
        if not Region.objects.filter(code=region).exists():
            raise CommandError(_("未知区划代码：%(code)s") % {"code": region})
        started = time.perf_counter()
        district = generate_district(seed=seed, enterprises=enterprises, region_code=region, with_users=not no_users)
        elapsed = time.perf_counter() - started
        self.stdout.write(_("已生成 %(region)s：企业 %(count)s 家，用时 %(seconds)s 秒。") % {
            "region": district.region.full_name, "count": district.enterprises, "seconds": f"{elapsed:.1f}"
        })
        for label, username, organization in district.accounts:
            self.stdout.write("  " + _("%(role)s：%(username)s / %(password)s（%(unit)s）") % {
                "role": label, "username": username, "password": DEMO_PASSWORD, "unit": organization
            })
