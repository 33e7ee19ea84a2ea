import time

from django.core.management.base import BaseCommand, CommandError

from kechuang.core.models import Region
from kechuang.core.reference import load_reference_data
from kechuang.core.synthetic import DEMO_PASSWORD, generate_district


class Command(BaseCommand):
    help = "生成一个模拟区县：单位（含有效统一社会信用代码）、部门、各角色用户"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="随机种子，相同种子生成相同数据")
        parser.add_argument("--enterprises", type=int, default=500, help="企业数量")
        parser.add_argument("--region", default="210204", help="所在区县的 6 位区划代码（默认大连市沙河口区）")
        parser.add_argument("--no-users", action="store_true", help="不创建演示账号")

    def handle(self, *args, seed, enterprises, region, no_users, **options):
        if enterprises < 0:
            raise CommandError("--enterprises 不能为负数")
        if not Region.objects.exists():
            load_reference_data()
        if not Region.objects.filter(code=region).exists():
            raise CommandError(f"未知区划代码：{region}")
        started = time.perf_counter()
        district = generate_district(seed=seed, enterprises=enterprises, region_code=region, with_users=not no_users)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"已生成 {district.region.full_name}：企业 {district.enterprises} 家，用时 {elapsed:.1f} 秒。")
        for label, username, organization in district.accounts:
            self.stdout.write(f"  {label}：{username} / {DEMO_PASSWORD}（{organization}）")
