from django.contrib import admin

from .models import Assignment, Rating, TimeLimit, Whistle, WhistleAuthority


@admin.register(TimeLimit)
class TimeLimitAdmin(admin.ModelAdmin):
    list_display = ("urgency", "sign_hours", "contact_hours", "report_working_days", "effective_from")
    list_filter = ("urgency",)


@admin.register(WhistleAuthority)
class WhistleAuthorityAdmin(admin.ModelAdmin):
    list_display = ("user", "street", "title", "is_active")
    raw_id_fields = ("user", "street", "granted_by")


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "whistle"
    extra = 0
    raw_id_fields = ("department", "rerouted_to", "signed_by", "limit")


@admin.register(Whistle)
class WhistleAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "street", "place", "urgency", "status", "whistled_at")
    list_filter = ("status", "urgency", "category")
    search_fields = ("number", "title")
    raw_id_fields = ("street", "place", "whistled_by")
    inlines = [AssignmentInline]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("assignment", "rater_role", "score", "rater")
    raw_id_fields = ("assignment", "rater")
