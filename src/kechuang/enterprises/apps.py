from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "kechuang.enterprises"
    label = "enterprises"
    verbose_name = _("企业梯度培育")

    def ready(self) -> None:
        from kechuang.core import navigation

        # Importing importers registers the "enterprise_figures" import, so workers and the CLI know it too.
        from . import access, importers, metrics  # noqa: F401

        metrics.register()

        navigation.register(_("企业培育"), "enterprises:enterprise_list", order=50, visible=access.sees_registry)
        navigation.register(_("服务秘书"), "enterprises:work_list", order=51, visible=access.sees_registry)
        navigation.register(_("本企业"), "enterprises:enterprise_mine", order=50, visible=access.is_enterprise_user)
