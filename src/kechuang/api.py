"""The REST API: one NinjaAPI, one router per app, one error format.

Every error is `{"detail": "<中文说明>", "errors": [{"field": ..., "message": ...}]}`.
"""

from __future__ import annotations

import json

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


# Pydantic's error types (https://docs.pydantic.dev/latest/errors/validation_errors/), in Chinese;
# the placeholders are the names of the error's context values.
PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("必填。"),
    "extra_forbidden": gettext_lazy("不接受该字段。"),
    "string_type": gettext_lazy("应为字符串。"),
    "string_too_short": gettext_lazy("至少 %(min_length)s 个字符。"),
    "string_too_long": gettext_lazy("最多 %(max_length)s 个字符。"),
    "string_pattern_mismatch": gettext_lazy("格式不正确。"),
    "int_type": gettext_lazy("应为整数。"),
    "int_parsing": gettext_lazy("应为整数。"),
    "int_from_float": gettext_lazy("应为整数，不能有小数部分。"),
    "int_parsing_size": gettext_lazy("整数超出可处理的范围。"),
    "float_type": gettext_lazy("应为数字。"),
    "float_parsing": gettext_lazy("应为数字。"),
    "finite_number": gettext_lazy("应为有限数字。"),
    "decimal_parsing": gettext_lazy("应为数字。"),
    "bool_type": gettext_lazy("应为 true 或 false。"),
    "bool_parsing": gettext_lazy("应为 true 或 false。"),
    "greater_than": gettext_lazy("应大于 %(gt)s。"),
    "greater_than_equal": gettext_lazy("应不小于 %(ge)s。"),
    "less_than": gettext_lazy("应小于 %(lt)s。"),
    "less_than_equal": gettext_lazy("应不大于 %(le)s。"),
    "multiple_of": gettext_lazy("应为 %(multiple_of)s 的倍数。"),
    "list_type": gettext_lazy("应为数组。"),
    "too_short": gettext_lazy("至少要有 %(min_length)s 项。"),
    "too_long": gettext_lazy("最多 %(max_length)s 项。"),
    "dict_type": gettext_lazy("应为 JSON 对象。"),
    "model_type": gettext_lazy("应为 JSON 对象。"),
    "model_attributes_type": gettext_lazy("应为 JSON 对象。"),
    "date_type": gettext_lazy("应为日期（YYYY-MM-DD）。"),
    "date_parsing": gettext_lazy("应为日期（YYYY-MM-DD）。"),
    "date_from_datetime_parsing": gettext_lazy("应为日期（YYYY-MM-DD）。"),
    "date_from_datetime_inexact": gettext_lazy("应为日期，不能带时间。"),
    "datetime_type": gettext_lazy("应为日期时间（YYYY-MM-DDTHH:MM:SS）。"),
    "datetime_parsing": gettext_lazy("应为日期时间（YYYY-MM-DDTHH:MM:SS）。"),
    "datetime_from_date_parsing": gettext_lazy("应为日期时间（YYYY-MM-DDTHH:MM:SS）。"),
    "enum": gettext_lazy("应为以下取值之一：%(expected)s。"),
    "literal_error": gettext_lazy("应为以下取值之一：%(expected)s。"),
    "json_invalid": gettext_lazy("不是有效的 JSON。"),
    "json_type": gettext_lazy("应为 JSON 文本。"),
    "uuid_parsing": gettext_lazy("应为 UUID。"),
}


def pydantic_message(error: dict) -> str:
    """One pydantic error in Chinese: by its type with its context values, else a general message.

    A `value_error` is one of our own validators speaking; its message is already Chinese.
    """
    ctx = error.get("ctx") or {}
    if error.get("type") in ("value_error", "assertion_error") and ctx.get("error"):
        return str(ctx["error"])
    template = PYDANTIC_MESSAGES.get(error.get("type", ""))
    if template is None:
        return _("取值不正确。")
    # "'a', 'b' or 'c'" → "'a'、'b'、'c'"
    params = {**ctx, "expected": str(ctx.get("expected", "")).replace(" or ", ", ").replace(", ", _("、"))}
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return _("取值不正确。")


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    errors = [
        {"field": ".".join(str(part) for part in error.get("loc", [])[1:]) or None, "message": pydantic_message(error)}
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
    cause = exc.__cause__
    # django-ninja answers a body it cannot parse with an English 400; its cause says why.
    if isinstance(cause, json.JSONDecodeError):
        detail = _("请求体不是有效的 JSON：第 %(line)s 行第 %(column)s 列。") % {"line": cause.lineno, "column": cause.colno}
        return _error(request, 400, detail)
    if isinstance(cause, ValueError):
        return _error(request, 400, _("请求体不是 UTF-8 编码的 JSON。"))
    return _error(request, exc.status_code, str(exc))


api.add_router("/organizations", "kechuang.core.api.router")
api.add_router("", "kechuang.plans.api.router")
api.add_router("", "kechuang.supervision.api.router")
api.add_router("/enterprises", "kechuang.enterprises.api.router")
api.add_router("/transfer", "kechuang.transfer.api.router")
