from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "kechuang.enterprises"
    label = "enterprises"
    verbose_name = _("企业梯度培育")

    def ready(self) -> None:
        from kechuang.core import navigation

        # Registers the "enterprise_figures" import, so background workers and the CLI know it too.
        from . import access, importers  # noqa: F401

        navigation.register(_("企业培育"), "enterprises:enterprise_list", order=50, visible=access.sees_registry)
        navigation.register(_("本企业"), "enterprises:enterprise_mine", order=50, visible=access.is_enterprise_user)
