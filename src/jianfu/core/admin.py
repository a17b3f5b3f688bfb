from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AuditEvent, CalendarDay, Department, User


@admin.register(User)
class JianfuUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("减负通", {"fields": ("role", "display_name", "department", "scope_units", "phone")}),
    )
    list_display = ("username", "display_name", "role", "department", "is_active")
    list_filter = ("role", "is_active")
    filter_horizontal = ("scope_units",)
    raw_id_fields = ("scope_units",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_active")
    search_fields = ("name", "code")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "actor_name", "action", "target_repr")
    list_filter = ("action",)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
