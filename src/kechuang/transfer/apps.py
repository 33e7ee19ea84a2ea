from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "kechuang.transfer"
    label = "transfer"
    verbose_name = _("科技成果转化对接")

    def ready(self) -> None:
        from kechuang.core import navigation
        from kechuang.plans import metrics

        from . import importers  # noqa: F401  (registers the achievement and demand imports)
        from . import metrics as transfer_metrics
        from .access import is_bureau

        navigation.register(_("科技成果"), "transfer:achievement_list", order=50)
        navigation.register(_("技术需求"), "transfer:demand_list", order=55)
        navigation.register(_("对接管理"), "transfer:match_pipeline", order=57, visible=is_bureau)
        metrics.register("tech_contract_amount", _("技术合同成交额（年度）"), _("万元"), transfer_metrics.contract_amount)
        metrics.register("tech_contract_count", _("技术合同数（年度）"), _("项"), transfer_metrics.contract_count)
