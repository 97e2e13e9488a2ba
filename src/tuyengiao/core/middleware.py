"""The interface language of a request: Vietnamese, unless the visitor chose another one.

The choice is the language cookie that Django's ``set_language`` view writes (the language
switch, ``core/language_switch.html``). The browser's Accept-Language is not consulted: the
platform's users work in Vietnamese, whatever language their browser or operating system is
set to. In the admin, a user's own preference (account settings) then takes over, applied by
Wagtail around every admin view.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request) -> str:
    """The language the visitor chose on the switch, or the site's default."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        # override(), not activate(): the language ends with the request and does not leak
        # into whatever the same thread runs next.
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
