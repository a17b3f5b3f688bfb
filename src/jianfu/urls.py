from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from .api import api

urlpatterns = [
    path("", include("jianfu.dashboard.urls")),
    path("", include("jianfu.core.urls")),
    path("regions/", include("jianfu.regions.urls")),
    path("workforce/", include("jianfu.workforce.urls")),
    path("catalog/", include("jianfu.catalog.urls")),
    path("admission/", include("jianfu.admission.urls")),
    path("layout/", include("jianfu.layout.urls")),
    path("signage/", include("jianfu.signage.urls")),
    path("dispatch/", include("jianfu.dispatch.urls")),
    path("assessment/", include("jianfu.assessment.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    # Uploaded files (photos, attachments) for logged-in users; behind a proxy, serve them there instead.
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}, name="media"),
]
