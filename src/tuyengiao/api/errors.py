"""One error shape for the whole API, and the one place that produces it.

Every refusal (400, 401, 403, 404, 409, 413, 422, and 500 outside development) answers
``{"detail": "…", "errors": [{"field": "…", "message": "…"}]}``: ``detail`` is a sentence in
the caller's language (Vietnamese unless asked otherwise), ``errors`` names each bad field
(dotted for nested ones; ``__all__`` for the request as a whole) and may be empty. Endpoints
do not build these answers: they let the services' exceptions rise (``PermissionDenied``,
``ValidationError``, ``Http404``…) and the handlers registered here by
:func:`install_error_handlers` turn them into the shape above, as django-ninja's
``api.exception_handler`` intends. :func:`document_error_responses` then writes the shape
into every operation's OpenAPI entry, so clients (and the contract test) know what each
operation can answer.

Conflicts (409) add ``existing``: the records the request collides with.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger("django.request")

# The statuses every operation behind a login can answer with this module's shape; 400 and
# 413 only where there is a request body to be malformed or too big.
CALLER_ERRORS = (401, 403, 404, 422)
BODY_ERRORS = (400, 413)


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """A refused request: what went wrong, and where."""

    detail: str
    errors: list[FieldError] = []


def error_body(detail: str, errors: Iterable[tuple[str, str]] = ()) -> dict[str, Any]:
    """The error shape as data, for an endpoint that answers a refusal itself (a 409)."""
    return {
        "detail": detail,
        "errors": [{"field": field, "message": message} for field, message in errors],
    }


def validation_errors(error: DjangoValidationError) -> list[tuple[str, str]]:
    """A Django ``ValidationError`` as (field, message) pairs, non-field ones as ``__all__``."""
    if hasattr(error, "error_dict"):
        return [
            (field, message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [(NON_FIELD_ERRORS, message) for message in error.messages]


# django-ninja's own messages, in English in the library, said in the caller's language.
def _ninja_message(message: str) -> str:
    known = {
        "Unauthorized": _("Sign in, or send a valid API token (Authorization: Bearer …)."),
        "Forbidden": _("You do not have permission to do this."),
        "CSRF check Failed": _(
            "The form's security check failed (CSRF); reload the page, or use an API token."
        ),
        "Cannot parse request body": _("The request body is not valid JSON."),
    }
    return known.get(message, message)


def _pydantic_message(error: Mapping[str, Any]) -> str:
    """A Vietnamese sentence for one of pydantic's error types (its own text is English)."""
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind.startswith("float_") or kind.startswith("decimal_"):
        return _("Enter a number.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Enter a valid date (YYYY-MM-DD).")
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind in {"greater_than_equal", "greater_than"}:
        limit = context.get("ge", context.get("gt"))
        return _("The value must be at least %(limit)s.") % {"limit": limit}
    if kind in {"less_than_equal", "less_than"}:
        limit = context.get("le", context.get("lt"))
        return _("The value must be at most %(limit)s.") % {"limit": limit}
    if kind in {"string_too_short", "too_short"}:
        return _("This field cannot be empty.")
    if kind in {"string_too_long", "too_long"}:
        return _("This value is too long.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    return _("Enter a valid value.")


def _location(loc: Iterable[Any]) -> str:
    """Pydantic's location without where it came from (``query``, ``body`` and the body's
    parameter name): ``("body", "payload", "figures", "learners")`` → ``figures.learners``."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    elif parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def install_error_handlers(api: NinjaAPI) -> None:
    """Register, once, how each kind of refusal becomes an answer of :class:`ErrorOut`."""

    def answer(
        request: HttpRequest, status: int, detail: str, errors: Iterable[tuple[str, str]] = ()
    ) -> HttpResponse:
        return api.create_response(request, error_body(detail, errors), status=status)

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [(_location(e.get("loc", ())), _pydantic_message(e)) for e in exc.errors]
        return answer(request, 422, _("The request is not valid."), errors)

    @api.exception_handler(DjangoValidationError)
    def invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = validation_errors(exc)
        if hasattr(exc, "error_dict"):
            return answer(request, 422, _("The data are not valid."), errors)
        return answer(request, 422, " ".join(exc.messages), errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = answer(request, 401, _ninja_message("Unauthorized"))
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return answer(request, 429, _("Too many requests; try again later."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return answer(request, exc.status_code, _ninja_message(str(exc)))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return answer(request, 403, str(exc) or _("You do not have permission to do this."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return answer(request, 404, str(exc) or _("Not found, or not within your reach."))

    @api.exception_handler(ObjectDoesNotExist)
    def no_such_record(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return answer(request, 404, _("Not found, or not within your reach."))

    @api.exception_handler(MultiPartParserError)
    def unreadable_body(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        # A form body that does not match its Content-Type (no boundary, cut short).
        return answer(request, 400, _("The request body could not be read as a form."))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
        detail = _("The request body is too large (at most %(size)s).") % {"size": limit}
        return answer(request, 413, detail)

    @api.exception_handler(IntegrityError)
    def conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        # A uniqueness rule the services did not see coming (two requests racing for one
        # number): the caller can fix it by changing the data, so not a server error.
        logger.warning("API integrity conflict on %s: %s", request.path, exc)
        return answer(request, 409, _("The data conflict with a record that already exists."))

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        if settings.DEBUG:
            raise exc  # Django's technical page, with the traceback, in development.
        # As Django's own handler does: log with the traceback, tell error reporters.
        logger.error(
            "Internal Server Error: %s", request.path, exc_info=exc, extra={"request": request}
        )
        signals.got_request_exception.send(sender=None, request=request)
        return answer(request, 500, _("The server could not complete the request; try again."))


def document_error_responses(api: NinjaAPI) -> None:
    """Add :class:`ErrorOut` to every operation's OpenAPI responses for each status it can
    answer and does not already describe: 401/403/404/422 behind a login, 422 wherever
    there are parameters, 400/413 wherever there is a body.

    Runs once all routers are added, over the operations as django-ninja binds them to the
    API (the bound copies are the ones that answer and that the OpenAPI document lists).
    """
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                sources = {m.__ninja_param_source__ for m in operation.signature.models}
                statuses: set[int] = set()
                if operation.auth_callbacks:
                    statuses.update(CALLER_ERRORS)
                if sources:
                    statuses.add(422)
                if sources & {"body", "form", "file"}:
                    statuses.update(BODY_ERRORS)
                models = operation.response_models
                for status in sorted(statuses - set(models)):
                    models[status] = operation._create_response_model(ErrorOut)
