"""/api/v1/: the API's own URLs, each answering GET and HEAD to any origin (read-only CORS)."""

from functools import wraps

from api.endpoints import api
from cms.caching import page_cache

READ_METHODS = ("GET", "HEAD")


def read_only_cors(view):
    """Lets pages on any host read the answer; no credentials, so no cookie is ever sent.

    django-ninja marks its views exempt from CSRF checks; the wrapper does not carry that
    over (``updated=()``), so a POST is refused by Django's CSRF check like anywhere else.
    """

    @wraps(view, updated=())
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method in READ_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag"
        return response

    return wrapper


# The query parameters the endpoints understand (pagination, the sessions' day filter): the
# page cache keeps these and drops any other.
understood = page_cache(query=("page", "page_size", "day"))

patterns, app_name, namespace = api.urls
for pattern in patterns:
    pattern.callback = understood(read_only_cors(pattern.callback))
urlpatterns = patterns
