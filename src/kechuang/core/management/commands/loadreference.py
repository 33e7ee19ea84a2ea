from pathlib import Path

from django.core.management.base import BaseCommand

from kechuang.core.reference import load_reference_data


class Command(BaseCommand):
    help = "载入行政区划、国民经济行业分类和高新技术领域（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=Path, help="完整的行政区划 CSV（code,name,parent_code,level），替代内置文件")

    def handle(self, *args, regions=None, **options):
        counts = load_reference_data(regions_file=regions)
        self.stdout.write(
            f"行政区划 {counts['regions']} 条、行业 {counts['industries']} 条、技术领域 {counts['tech_domains']} 条已新增或更新。"
        )
