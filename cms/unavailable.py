"""The site's answer when the database cannot be reached: a 503 page that needs no database.

Django turns an exception raised anywhere in a request (view, middleware, template) into a
call of ``handler500`` from inside its ``except`` block, so the exception is at hand in
``sys.exc_info()``. A lost or refused database connection gets ``503.html`` with
``Retry-After``; anything else gets the usual 500 page. The connection that failed is closed
by Django at the end of the request (``CONN_HEALTH_CHECKS``), so the site recovers on its own
once the database is back.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 30


def is_database_outage(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


@requires_csrf_token
def server_error(request) -> HttpResponse:
    """``handler500``: the 503 page for a database outage, else the 500 page.

    Both templates are rendered without the request, so no context processor (and no
    session or user lookup) can touch the database.
    """
    if is_database_outage(sys.exc_info()[1]):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
