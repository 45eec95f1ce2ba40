"""Test settings: the real settings with a fast hasher and a throw-away media folder."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ["DJANGO_DEBUG"] = "0"  # tests see the production configuration, whatever the shell says

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="conference-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="conference-test-private-media-")
STORAGES = {  # static files without the manifest, so tests need no collectstatic
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "pages": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="conference-test-pages-")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Off: most tests change content and read pages back within one transaction, whose commit
# never comes; the page store's tests (tests/cms/page_store/) turn it on.
PAGE_STORE_ENABLED = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SECURE_SSL_REDIRECT = False
PAGE_CACHE_SECONDS = 600  # one process: the page cache is on, as in production
# Off: one test client renders hundreds of exports a minute; the rate-limit tests
# (tests/test_caching.py) set their own limits.
RATE_LIMITS = {"search": 0, "export": 0}
STATIC_ROOT = tempfile.mkdtemp(prefix="conference-test-static-")
# Off, since login() and authenticate() in tests pass no request; the lockout tests
# (tests/security/test_login_lockout.py) turn it on.
AXES_ENABLED = False
