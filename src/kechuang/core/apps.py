from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kechuang.core"
    label = "core"
    verbose_name = _("基础登记")

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        # Registers the "organizations" import, so a bare task worker knows it (not only processes that load the URLs).
        from . import (
            importers,  # noqa: F401
            navigation,
        )
        from .access import is_bureau_admin
        from .tasks import on_task_finished

        # An import task the runner saw fail must not leave its job "running" (and its page polling).
        task_finished.connect(on_task_finished, dispatch_uid="kechuang.core.import_job_failed")
        navigation.register(_("首页"), "core:home", order=10)
        navigation.register(_("单位名录"), "core:organization_list", order=20)
        navigation.register(_("数据导入"), "core:organization_import", order=80, visible=is_bureau_admin)
