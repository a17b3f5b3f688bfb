from django.urls import path

from . import views

app_name = "dispatch"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.create, name="create"),
    path("<int:whistle_id>/", views.detail, name="detail"),
    path("assignments/<int:assignment_id>/<slug:action>/", views.assignment_act, name="act"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("settings/", views.settings_view, name="settings"),
]
