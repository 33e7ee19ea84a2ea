from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Achievement, Demand, Match, TechContract


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


@admin.register(Match)
class MatchAdmin(SimpleHistoryAdmin):
    list_display = ("demand", "achievement", "status", "close_reason", "stage_since")
    list_filter = ("status", "close_reason")
    raw_id_fields = ("demand", "achievement")


@admin.register(TechContract)
class TechContractAdmin(SimpleHistoryAdmin):
    list_display = ("title", "contract_type", "seller", "buyer", "amount", "registered_on", "registering_authority")
    list_filter = ("contract_type",)
    raw_id_fields = ("seller", "buyer", "match")
