from django.urls import path

from . import views_assessment, views_certificates, views_notices, views_reports

app_name = "assessment"

urlpatterns = [
    path("", views_assessment.home, name="home"),
    path("reports/", views_reports.report_list, name="report_list"),
    path("reports/new/", views_reports.report_new, name="report_new"),
    path("reports/<int:report_id>/", views_reports.report_detail, name="report_detail"),
    path("reports/<int:report_id>/confirm/", views_reports.report_confirm, name="report_confirm"),
    path("reports/<int:report_id>/dismiss/", views_reports.report_dismiss, name="report_dismiss"),
    path("reports/<int:report_id>/merge/", views_reports.report_merge, name="report_merge"),
    path("reports/<int:report_id>/appeal/", views_reports.report_appeal, name="report_appeal"),
    path("reports/<int:report_id>/appeal/decide/", views_reports.appeal_decide, name="appeal_decide"),
    path(
        "reports/<int:report_id>/evidence/<int:evidence_id>/",
        views_reports.evidence_download,
        name="evidence_download",
    ),
    path("schemes/new/", views_assessment.scheme_create, name="scheme_create"),
    path("schemes/<int:year>/", views_assessment.scheme_edit, name="scheme_edit"),
    path("schemes/<int:year>/publish/", views_assessment.scheme_publish, name="scheme_publish"),
    path(
        "schemes/<int:year>/departments/<int:department_id>/",
        views_assessment.department_detail,
        name="department",
    ),
    path("indicators/<int:indicator_id>/scores/", views_assessment.indicator_scores, name="indicator_scores"),
    path("notices/", views_notices.notice_list, name="notice_list"),
    path("notices/new/", views_notices.notice_new, name="notice_new"),
    path("notices/<int:notice_id>/", views_notices.notice_detail, name="notice_detail"),
    path("notices/<int:notice_id>/issue/", views_notices.notice_issue, name="notice_issue"),
    path("notices/<int:notice_id>/download/", views_notices.notice_download, name="notice_download"),
    path("certificates/", views_certificates.certificate_check, name="certificate_check"),
    path("certificates/log/", views_certificates.certificate_log, name="certificate_log"),
    path("certificates/stats/", views_certificates.certificate_stats, name="certificate_stats"),
    path("dashboard/", views_certificates.dashboard, name="dashboard"),
    path("notifications/", views_assessment.notifications, name="notifications"),
]
