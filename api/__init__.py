"""The public read-only API (/api/v1/): django-ninja endpoints over the public querysets."""
