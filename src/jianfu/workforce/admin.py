"""Admin views for configuration and read-only roster browsing. ID numbers never appear here."""

from django.contrib import admin

from .models import AdjustmentRules, RecruitmentBatch, SalaryScale, StaffingNorm, UrbanResidents, Worker


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "post", "grade", "monthly_pay", "status", "synthetic")
    list_filter = ("status", "post", "kind", "synthetic")
    search_fields = ("name",)
    exclude = ("id_hash", "id_encrypted")
    readonly_fields = ("id_last4", "gender", "birth_date", "grade", "monthly_pay", "post")
    raw_id_fields = ("unit",)


admin.site.register([SalaryScale, AdjustmentRules, StaffingNorm, RecruitmentBatch, UrbanResidents])
