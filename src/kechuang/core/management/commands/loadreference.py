from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.management.base import TranslatedCommand
from kechuang.core.messages import reference_error_text
from kechuang.core.reference import load_reference_data
from kechuang.core.reference_data import ReferenceFileError


class Command(TranslatedCommand):
    help = gettext_lazy("载入行政区划、国民经济行业分类和高新技术领域（可重复运行）")

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=Path, help=_("完整的行政区划 CSV（code,name,parent_code,level），替代内置文件"))

    def handle(self, *args, regions=None, **options):
        try:
            counts = load_reference_data(regions_file=regions)
        except ReferenceFileError as exc:
            raise CommandError(reference_error_text(exc)) from exc
        self.stdout.write(
            _("行政区划 %(regions)s 条、行业 %(industries)s 条、技术领域 %(tech_domains)s 条已新增或更新。") % counts
        )
