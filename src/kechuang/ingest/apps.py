from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "kechuang.ingest"
    label = "ingest"
    verbose_name = _("规划文件解析")

    def ready(self) -> None:
        from kechuang.core import navigation
        from kechuang.core.access import is_bureau_admin

        navigation.register(_("规划导入"), "ingest:upload", order=90, visible=is_bureau_admin)
