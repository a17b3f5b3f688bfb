from django.urls import path

from . import views, views_registry

app_name = "admission"

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("new/", views.request_new, name="request_new"),
    path("precheck/", views.precheck_preview, name="precheck_preview"),
    path("prechecks/", views.precheck_logs, name="precheck_logs"),
    path("settings/", views.settings_view, name="settings"),
    path("departments/", views.departments, name="departments"),
    path("<int:request_id>/", views.request_detail, name="request_detail"),
    path("<int:request_id>/edit/", views.request_edit, name="request_edit"),
    path("<int:request_id>/decide/", views.request_decide, name="request_decide"),
    path("<int:request_id>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("<int:request_id>/comment/", views.request_comment, name="request_comment"),
    path("registry/", views_registry.registry, name="registry"),
    path("registry/<int:entry_id>/", views_registry.registry_detail, name="registry_detail"),
    path("registry/<int:entry_id>/revoke/", views_registry.registry_revoke, name="registry_revoke"),
    path("check/", views_registry.task_check_view, name="task_check"),
    path("burden/", views_registry.burden, name="burden"),
    path("burden/<int:unit_id>/", views_registry.burden_community, name="burden_community"),
    path("dashboard/", views_registry.dashboard, name="dashboard"),
]
