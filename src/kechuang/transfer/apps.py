from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "kechuang.transfer"
    label = "transfer"
    verbose_name = _("科技成果转化对接")

    def ready(self) -> None:
        from kechuang.core import navigation

        from . import importers  # noqa: F401  (registers the achievement and demand imports)

        navigation.register(_("科技成果"), "transfer:achievement_list", order=50)
        navigation.register(_("技术需求"), "transfer:demand_list", order=55)
