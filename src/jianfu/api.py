"""The platform API at /api/v1/ (OpenAPI docs at /api/v1/docs). Session-authenticated and scoped."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from jianfu.admission.api import router as admission_router
from jianfu.assessment.api import router as assessment_router
from jianfu.catalog.api import router as catalog_router
from jianfu.dispatch.api import router as dispatch_router
from jianfu.layout.api import router as layout_router
from jianfu.regions.api import router as regions_router
from jianfu.signage.api import router as signage_router
from jianfu.workforce.api import router as workforce_router

api = NinjaAPI(title="减负通 API", version="1", urls_namespace="api", auth=django_auth)
api.add_router("/regions", regions_router)
api.add_router("/workforce", workforce_router)
api.add_router("/catalog", catalog_router)
api.add_router("/admission", admission_router)
api.add_router("/layout", layout_router)
api.add_router("/signage", signage_router)
api.add_router("/dispatch", dispatch_router)
api.add_router("/assessment", assessment_router)


@api.exception_handler(PermissionError)
def permission_error(request: HttpRequest, exc: PermissionError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=403)
