"""Admin pages for inspection only: every change goes through plans.services (audited, with reasons)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Indicator, Observation, Plan, StatusOverride, Target


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "start_year", "end_year", "status")
    list_filter = ("status",)
    search_fields = ("title",)
    exclude = ("source_text",)


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("name", "plan", "unit", "responsible_unit", "data_source")
    list_filter = ("data_source", "plan")
    search_fields = ("name",)
    list_select_related = ("plan", "responsible_unit")
    inlines = [TargetInline]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "year", "period", "value", "status")
    list_filter = ("status", "year")
    list_select_related = ("indicator",)
    exclude = ("evidence",)


@admin.register(StatusOverride)
class StatusOverrideAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "year", "status", "created_by", "created_at")
    list_select_related = ("indicator", "created_by")
