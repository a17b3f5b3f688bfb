from django.contrib import admin

from .models import Facility, Room, Sign, SignagePolicy, SignTemplate, SignTemplateItem


class SignTemplateItemInline(admin.TabularInline):
    model = SignTemplateItem
    extra = 0


@admin.register(SignTemplate)
class SignTemplateAdmin(admin.ModelAdmin):
    list_display = ("applies_to", "name", "effective_from", "service_guide_required", "max_signs_per_room")
    list_filter = ("applies_to",)
    inlines = [SignTemplateItemInline]


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "is_synthetic")
    search_fields = ("name", "unit__name", "unit__code")
    raw_id_fields = ("unit",)


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ("name", "facility", "sort")
    raw_id_fields = ("facility",)


@admin.register(Sign)
class SignAdmin(admin.ModelAdmin):
    list_display = ("text", "kind", "facility", "room", "status", "removed_on")
    list_filter = ("kind", "status")
    search_fields = ("text", "facility__name")
    raw_id_fields = ("facility", "room")


admin.site.register(SignagePolicy)
