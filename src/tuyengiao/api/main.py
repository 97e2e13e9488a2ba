"""The JSON API at ``/api/v1/``: OpenAPI schema at ``openapi.json``, docs at ``docs``.

Every endpoint needs a caller (admin session or bearer token) unless it says otherwise.
Each app adds its router here. Refusals all have one shape, produced in one place
(:mod:`tuyengiao.api.errors`) and described in every operation's OpenAPI entry.
"""

from ninja import NinjaAPI

from tuyengiao import __version__
from tuyengiao.api.auth import session_or_token
from tuyengiao.api.errors import document_error_responses, install_error_handlers
from tuyengiao.api.routers import core

api = NinjaAPI(
    title="Tuyên giáo số API",
    version=__version__,
    description=(
        "API của nền tảng Tuyên giáo số. Xác thực bằng phiên đăng nhập "
        "hoặc mã truy cập cá nhân (Bearer)."
    ),
    urls_namespace="api",
    auth=session_or_token,
)
api.add_router("/", core.router)
api.add_router("/documents", "tuyengiao.api.routers.documents.router")
api.add_router("/plans", "tuyengiao.api.routers.plans.router")
api.add_router("/activities", "tuyengiao.api.routers.activities.router")
api.add_router("/reporting", "tuyengiao.api.routers.reporting.router")

install_error_handlers(api)
document_error_responses(api)
