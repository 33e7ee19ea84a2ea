from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Achievement, Demand


@admin.register(Achievement)
class AchievementAdmin(SimpleHistoryAdmin):
    list_display = ("title", "owner", "domain", "maturity", "status", "visibility", "updated_at")
    list_filter = ("status", "visibility", "maturity")
    search_fields = ("title", "abstract")
    raw_id_fields = ("owner",)


@admin.register(Demand)
class DemandAdmin(SimpleHistoryAdmin):
    list_display = ("title", "owner", "domain", "budget", "status", "visibility", "updated_at")
    list_filter = ("status", "visibility")
    search_fields = ("title", "description")
    raw_id_fields = ("owner",)
