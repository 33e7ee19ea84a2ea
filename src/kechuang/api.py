"""The REST API: one NinjaAPI, one router per app, one error format.

Every error is `{"detail": "<中文说明>", "errors": [{"field": ..., "message": ...}]}`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from kechuang.core.services import authenticate_api_token


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = authenticate_api_token(token)
        if user is not None:
            request.user = user
        return user


class HeaderToken(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request, key: str | None):
        user = authenticate_api_token(key or "")
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title=gettext_lazy("科创 Kechuang API"),
    version="1",
    description=gettext_lazy("区县/城市科技创新平台接口。认证：浏览器会话，或个人令牌（Authorization: Bearer kc_…）。"),
    auth=[BearerToken(), HeaderToken(), django_auth],
    urls_namespace="api",
)


def _error(request, status: int, detail: str, errors: list[dict] | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    errors = [
        {"field": ".".join(str(part) for part in error.get("loc", [])[1:]) or None, "message": error.get("msg", "")}
        for error in exc.errors
    ]
    return _error(request, 422, _("请求参数不正确。"), errors)


@api.exception_handler(ValidationError)
def on_model_validation_error(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        errors = [{"field": field, "message": message} for field, messages in exc.message_dict.items() for message in messages]
    else:
        errors = [{"field": None, "message": message} for message in exc.messages]
    return _error(request, 422, _("数据校验未通过。"), errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return _error(request, 401, _("未登录或令牌无效。"))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return _error(request, 403, str(exc) or _("无权执行此操作。"))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, _("对象不存在。"))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return _error(request, exc.status_code, str(exc))


api.add_router("/organizations", "kechuang.core.api.router")
api.add_router("", "kechuang.plans.api.router")
api.add_router("", "kechuang.supervision.api.router")
