"""Admin pages for inspection only: every change goes through enterprises.services (audited)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Award, Certification, Enterprise, EnterpriseAnnual, FinancingRound


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdmin):
    list_display = ("organization", "founded", "tech_domain", "listing_status")
    list_select_related = ("organization", "tech_domain")
    search_fields = ("organization__name", "organization__uscc")


@admin.register(EnterpriseAnnual)
class EnterpriseAnnualAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "year", "status", "revenue", "rd_expense")
    list_filter = ("status", "year")
    list_select_related = ("enterprise__organization",)


@admin.register(Certification)
class CertificationAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "tier", "number", "valid_from", "valid_to")
    list_filter = ("tier",)
    list_select_related = ("enterprise__organization",)


admin.site.register(FinancingRound, ReadOnlyAdmin)
admin.site.register(Award, ReadOnlyAdmin)
