from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kechuang.core"
    label = "core"
    verbose_name = _("基础登记")

    def ready(self) -> None:
        # Registers the "organizations" import, so a bare task worker knows it (not only processes that load the URLs).
        from . import (
            importers,  # noqa: F401
            navigation,
        )
        from .access import is_bureau_admin

        navigation.register(_("首页"), "core:home", order=10)
        navigation.register(_("单位名录"), "core:organization_list", order=20)
        navigation.register(_("数据导入"), "core:organization_import", order=80, visible=is_bureau_admin)
