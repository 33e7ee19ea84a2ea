from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "kechuang.ingest"
    label = "ingest"
    verbose_name = _("规划文件解析")
