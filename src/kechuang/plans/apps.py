from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "kechuang.plans"
    label = "plans"
    verbose_name = _("规划与指标监测")

    def ready(self) -> None:
        # Registers the "observations" import, so background workers and the CLI know it too.
        from kechuang.core import navigation

        from . import importers  # noqa: F401

        navigation.register(_("规划监测"), "plans:plan_list", order=30)
