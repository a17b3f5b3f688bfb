from django.urls import path

from . import views, views_config

app_name = "workforce"

urlpatterns = [
    path("", views.home, name="home"),
    path("workers/", views.worker_list, name="roster"),
    path("workers/new/", views.worker_add, name="worker_add"),
    path("workers/<int:worker_id>/", views.worker_detail, name="worker"),
    path("workers/import/", views.roster_import, name="import"),
    path("workers/template.xlsx", views.roster_template, name="template"),
    path("adjustments/", views.batch_list, name="batches"),
    path("adjustments/<int:batch_id>/", views.batch_detail, name="batch"),
    path("adjustments/<int:batch_id>/decide/", views.batch_decide, name="batch_decide"),
    path("scale/", views_config.scale_view, name="scale"),
    path("rules/", views_config.rules_view, name="rules"),
    path("staffing/", views_config.staffing_view, name="staffing"),
    path("recruitment/", views_config.recruitment_view, name="recruitment"),
    path("housing-fund/", views_config.housing_view, name="housing"),
]
