from django.urls import path

from . import views

app_name = "signage"

urlpatterns = [
    path("", views.home, name="home"),
    path("facilities/<int:facility_id>/", views.facility_detail, name="facility"),
    path("units/<int:unit_id>/facilities/new/", views.facility_create, name="facility_create"),
    path("signs/<int:sign_id>/", views.sign_detail, name="sign"),
    path("signs/<int:sign_id>/status/", views.sign_status, name="sign_status"),
    path("template/", views.template_config, name="template"),
]
