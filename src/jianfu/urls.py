from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("", include("jianfu.dashboard.urls")),
    path("", include("jianfu.core.urls")),
    path("regions/", include("jianfu.regions.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
