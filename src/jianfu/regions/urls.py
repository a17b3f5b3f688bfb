from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("<int:unit_id>/", views.detail, name="detail"),
    path("bounds/", views.bounds_edit, name="bounds"),
    path("boundaries.geojson", views.district_boundaries, name="boundaries"),
]
