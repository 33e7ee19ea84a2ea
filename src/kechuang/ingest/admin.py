from django.contrib import admin

from .models import PlanDocument


@admin.register(PlanDocument)
class PlanDocumentAdmin(admin.ModelAdmin):
    """Read-only: documents change only through review and commit (ingest.services)."""

    list_display = ("file_name", "status", "uploaded_by", "created_at", "plan")
    list_filter = ("status",)
    search_fields = ("file_name",)
    exclude = ("content",)
    readonly_fields = ("file_name", "status", "error", "text", "extraction", "review", "uploaded_by", "committed_at", "plan")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
