from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kechuang.core"
    label = "core"
    verbose_name = _("基础登记")

    def ready(self) -> None:
        # Registers the "organizations" import, so a bare task worker knows it (not only processes that load the URLs).
        from . import importers  # noqa: F401
