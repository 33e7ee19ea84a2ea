from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "kechuang.enterprises"
    label = "enterprises"
    verbose_name = _("企业梯度培育")

    def ready(self) -> None:
        from kechuang.core import navigation
        from kechuang.core.access import is_bureau_admin
        from kechuang.plans import sections as plan_sections

        # Importing importers registers the "enterprise_figures" import, so workers and the CLI know it too.
        from . import access, importers, metrics  # noqa: F401
        from . import sections as enterprise_sections

        metrics.register()

        navigation.register(_("企业培育"), "enterprises:enterprise_list", order=50, visible=access.sees_registry)
        navigation.register(_("服务秘书"), "enterprises:work_list", order=51, visible=access.sees_registry)
        navigation.register(_("梯度评价"), "enterprises:assessment_runs", order=52, visible=is_bureau_admin)
        navigation.register(_("本企业"), "enterprises:enterprise_mine", order=50, visible=access.is_enterprise_user)

        plan_sections.register(
            "enterprises", order=20, dashboard=enterprise_sections.dashboard, export=enterprise_sections.export,
            report=enterprise_sections.report,
        )
