"""The address of the person behind a request, as far as the platform can trust it.

Behind reverse proxies (nginx, a load balancer, a CDN) every request arrives from the nearest
proxy, so ``REMOTE_ADDR`` is the same for everyone, and a per-address limit would throw the
whole city into one bucket. Each proxy appends the address it received the request from to
``X-Forwarded-For``; only the entries our own proxies appended can be believed, because a
client can send the header with anything already in it. With ``TRUSTED_PROXY_COUNT = N``
proxies in front of the platform, the client is therefore the N-th address from the right;
whatever stands to its left was written by the client and is ignored.

``TRUSTED_PROXY_COUNT`` is 0 by default: the platform is reached directly and the header is
ignored entirely, since anyone could forge it. A header with fewer entries than N (a request
that did not pass through every proxy) falls back to ``REMOTE_ADDR``, as Werkzeug's
``ProxyFix`` does. This one function is used by the sign-in throttle (django-axes'
``AXES_CLIENT_IP_CALLABLE``), the password-reset limit, the contests' rate limits and the
portal's visitor counting.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: Any) -> str:
    """The client's IP address: ``REMOTE_ADDR``, or the address the outermost of
    ``settings.TRUSTED_PROXY_COUNT`` proxies saw (see the module docstring)."""
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if trusted <= 0:
        return remote
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", "") or "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < trusted:
        return remote
    candidate = forwarded[-trusted]
    # A proxy writes a bare address; anything else was not written by one of ours.
    return candidate if _valid(candidate) else remote
