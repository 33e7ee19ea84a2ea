from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ApiToken,
    ImportJob,
    Industry,
    Membership,
    Notification,
    Organization,
    Region,
    TechDomain,
    User,
)


@admin.register(User)
class KechuangUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (gettext_lazy("科创"), {"fields": ("display_name", "phone")}))
    list_display = ("username", "display_name", "is_active", "is_superuser")


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "uscc", "kind", "region")
    list_filter = ("kind",)
    search_fields = ("name", "uscc")
    raw_id_fields = ("region", "industry")


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "organization", "role")
    list_filter = ("role",)
    raw_id_fields = ("user", "organization")


@admin.register(Region, Industry, TechDomain)
class TreeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


admin.site.register(Notification)
admin.site.register(ApiToken, list_display=("user", "name", "hint", "created_at", "revoked_at"), exclude=("key_hash",))
admin.site.register(ImportJob, list_display=("kind", "file_name", "status", "created_at"), exclude=("content",))
