from django.contrib import admin

from .models import Lineage, ReferenceDivision, SizeBounds, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "households", "valid_from", "valid_to")
    list_filter = ("level", "kind", "area")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # History is never overwritten in place: changes go through the services.
        return False


admin.site.register(Lineage)
admin.site.register(SizeBounds)
admin.site.register(ReferenceDivision)
