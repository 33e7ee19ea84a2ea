from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "kechuang.supervision"
    label = "supervision"
    verbose_name = _("任务督办与考核")

    def ready(self) -> None:
        from kechuang.core import navigation
        from kechuang.plans import sections

        from . import sections as supervision
        from .access import is_supervision_user

        navigation.register(_("任务督办"), "supervision:task_mine", order=40, visible=is_supervision_user)

        sections.register(
            "supervision", order=10, dashboard=supervision.dashboard, export=supervision.export, report=supervision.report
        )
