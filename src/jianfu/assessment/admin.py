from django.contrib import admin

from .models import AllowedCertificate, CertificateLog, DirectReport, Notice, NoticeSettings


@admin.register(AllowedCertificate)
class AllowedCertificateAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "keywords", "is_active", "sort_order")
    search_fields = ("name", "keywords")


@admin.register(NoticeSettings)
class NoticeSettingsAdmin(admin.ModelAdmin):
    list_display = ("issuer_name", "number_prefix", "created_at")


@admin.register(DirectReport)
class DirectReportAdmin(admin.ModelAdmin):
    list_display = ("number", "department", "status", "year", "occurred_on")
    list_filter = ("status", "year")
    readonly_fields = [f.name for f in DirectReport._meta.fields]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False  # reports change only through the services, which audit them


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "status", "issued_at")
    readonly_fields = [f.name for f in Notice._meta.fields]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(CertificateLog)
class CertificateLogAdmin(admin.ModelAdmin):
    list_display = ("recorded_on", "community", "outcome", "certificate")
    list_filter = ("outcome",)
