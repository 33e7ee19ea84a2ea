from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "kechuang.supervision"
    label = "supervision"
    verbose_name = _("任务督办与考核")
