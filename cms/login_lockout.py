"""The client's address, for the login lockout (django-axes, ``AXES_*`` in config/settings.py)
and the rate limits of the page cache (``cms.caching``)."""

from django.conf import settings


def client_address(request) -> str | None:
    """The visitor's address, trusting ``X-Forwarded-For`` only as far as ``TRUSTED_PROXIES``.

    Each trusted proxy appends the address it saw, so with N proxies the client is the Nth
    entry from the right; entries further left come from the client and could be forged to
    dodge the lockout or the rate limits. With no trusted proxy (the default), or a request
    that did not pass through all of them, the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxies:
        return remote
    return hops[-proxies]
