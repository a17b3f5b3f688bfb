from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.list_index, name="list_index"),
    path("template.xlsx", views.template_download, name="template"),
    path("import/", views.version_import_view, name="import"),
    path("diff/", views.version_diff_view, name="diff"),
    path("versions/<int:version_id>/", views.version_detail, name="version_detail"),
    path("versions/<int:version_id>/export.xlsx", views.version_export, name="version_export"),
    path("versions/<int:version_id>/copy/", views.version_copy, name="version_copy"),
    path("versions/<int:version_id>/publish/", views.version_publish_view, name="version_publish"),
    path("versions/<int:version_id>/delete/", views.version_delete_view, name="version_delete"),
    path("versions/<int:version_id>/items/new/", views.item_edit, name="item_new"),
    path("items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:item_id>/delete/", views.item_delete_view, name="item_delete"),
]
