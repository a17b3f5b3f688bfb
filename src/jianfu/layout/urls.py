from django.urls import path

from . import views, views_units

app_name = "layout"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:plan_id>/progress/", views.plan_progress, name="plan_progress"),
    path("plans/<int:plan_id>/map.json", views.plan_map, name="plan_map"),
    path("plans/<int:plan_id>/regions/<int:index>/", views.plan_region, name="plan_region"),
    path("plans/<int:plan_id>/approve/", views.plan_approve_view, name="plan_approve"),
    path("plans/<int:plan_id>/apply/", views.plan_apply_view, name="plan_apply"),
    path("plans/<int:plan_id>/export.xlsx", views.plan_export_xlsx, name="plan_export_xlsx"),
    path("plans/<int:plan_id>/boundaries.geojson", views.plan_export_geojson, name="plan_export_geojson"),
    path("units/", views_units.unit_list, name="unit_list"),
    path("units/template.xlsx", views_units.unit_template, name="unit_template"),
    path("units/import/", views_units.unit_import, name="unit_import"),
    path("grids/<int:community_id>/", views_units.grids, name="grids"),
    path("streets/", views_units.streets, name="streets"),
]
