"""The public read-only API, version 1 (/api/v1/), made with django-ninja.

Every list and object comes from the ``.public()`` querysets, so a draft (or anything shown
only by a draft) never appears. The OpenAPI schema is generated from these endpoints at
/api/v1/openapi.json; the docs page serves django-ninja's self-hosted Swagger UI assets.
"""
