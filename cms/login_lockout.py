"""Login lockout helpers for django-axes (settings: ``AXES_*`` in config/settings.py)."""


def forwarded_client_address(request) -> str | None:
    """The visitor's address behind the HTTPS proxy (``BEHIND_HTTPS_PROXY``).

    The proxy appends the address it saw to ``X-Forwarded-For``; earlier entries come from
    the client and could be forged to dodge the lockout, so only the last one is trusted.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    return last or request.META.get("REMOTE_ADDR")
