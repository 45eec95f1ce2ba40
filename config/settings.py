"""Settings for the conference CMS, configured from the environment.

Every value that differs between a laptop and production comes from an environment
variable (see README.md, "Configuration"); the defaults give a local SQLite site.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(e.g. SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))'))."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before the admin: translated fields of content (translation.py)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_tasks",
    "django_tasks.backends.database",
    "adminsortable2",  # drag-and-drop order of people, sessions and quotes in the admin
    "reversion",
    "axes",
    "ninja",  # the API docs page with its own (self-hosted) Swagger UI assets
    "cms",
    "conference",
    "speakers",
    "sessions.apps.ProgrammeConfig",
    "reports",
    "website",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    # The language of a public page comes from its path (/fr/...). Above the page store and
    # the page cache, so the Vary: Accept-Language it adds to unprefixed (English) pages,
    # which depend on the path alone, does not stop them from keeping those pages.
    "django.middleware.locale.LocaleMiddleware",
    "cms.page_store.middleware.PageStoreMiddleware",
    "cms.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writers take the lock when their transaction begins and wait for it, rather than fail
    # with "database is locked" when the page store's renders write at the same time.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

# CACHE_URL (or REDIS_URL) selects the cache: redis://host:6379/1 in production.
CACHES = {
    "default": env.cache_url(
        "CACHE_URL",
        default=env.str("REDIS_URL", default="locmemcache://conference"),
    )
}
# The cache's size bound: a per-process cache keeps at most CACHE_MAX_ENTRIES entries (the
# oldest third is culled when full); Redis is bounded by its own maxmemory (README).
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = env.int(
        "CACHE_MAX_ENTRIES", default=2000
    )
# Public pages are cached whole (cms/caching.py). A per-process cache (the local
# default) cannot tell other workers that content changed, so there it is off unless asked.
PAGE_CACHE_SECONDS = env.int(
    "PAGE_CACHE_SECONDS",
    default=0 if CACHES["default"]["BACKEND"].endswith("LocMemCache") else 600,
)
# The page store (cms/page_store): public pages rendered when what they show changes, kept
# as files in the "pages" storage (STORAGES below) that deploy/nginx.conf serves without
# Python; Django serves them too, in development and wherever no web server reads the store.
PAGE_STORE_ENABLED = env.bool("PAGE_STORE_ENABLED", default=True)
PAGE_STORE_ROOT = Path(env.str("PAGE_STORE_ROOT", default=str(BASE_DIR / "var" / "pages")))
# The address pages are rendered for when no visitor asked (PUBLIC_BASE_URL when set).
PAGE_STORE_DEFAULT_ORIGIN = "http://127.0.0.1:8000"
# The task engine (django-tasks) that renders changed pages: "immediate" renders right after
# the transaction commits, in the same process (no other service needed); "database" queues
# the renders in the database for `manage.py db_worker` processes (production).
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks.backends.database.DatabaseBackend",
        }[TASKS_BACKEND],
        "ENQUEUE_ON_COMMIT": True,
    }
}
# Renders per client address and minute that search and the recap downloads may cost
# (answered from the page cache, they cost nothing and are not counted); 0 turns one off.
RATE_LIMITS = {
    "search": env.int("SEARCH_RATE_LIMIT", default=30),
    "export": env.int("EXPORT_RATE_LIMIT", default=10),
}
# How many reverse proxies in front of the site append to X-Forwarded-For (nginx with
# `proxy_add_x_forwarded_for`: 1). With 0, the default, the header is never trusted and the
# client address is the connection's. Used by the login lockout and the rate limits.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Key of the HMAC that signs backups (cms/backup.py): a restore refuses an archive signed with
# another key. Set the same value where backups are made and where they are restored.
BACKUP_SIGNING_KEY = env.str("BACKUP_SIGNING_KEY", default="") or SECRET_KEY

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from
# one address, that pair is refused for AXES_COOLOFF_MINUTES, even with the right password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/login_locked.html"
AXES_CLIENT_IP_CALLABLE = "cms.login_lockout.client_address"  # honours TRUSTED_PROXIES

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# British English is the source language (pages say lang="en-GB"); "en" is its code, since
# the translated content's columns are named after it (title_en, title_fr).
LANGUAGE_CODE = "en"
# Only commas separate topics: "social outcomes" is one topic, not two (cms/topics.py).
TAGGIT_TAGS_FROM_STRING = "cms.topics.parse_topics"
TAGGIT_STRING_FROM_TAGS = "cms.topics.format_topics"
# The public interface's languages: English unprefixed (/soc24/), the others under their
# code (/fr/soc24/). Translations live in locale/; `make messages` refreshes them.
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # British dates for "en" (config/formats/en)
# Content in several languages (each app's translation.py): a field without its French
# text shows the English one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "cms.fonts.PackagedFontFinder",  # the open fonts, from their Debian packages
]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))

MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Files that only public content may show (report PDFs): never served at MEDIA_URL, only
# through views that check their item is public.
PRIVATE_MEDIA_ROOT = Path(
    env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media"))
)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "pages": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PAGE_STORE_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Media on S3-compatible object storage (pip install ".[s3]"): set the bucket to switch.
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    # Private files in the same bucket under private/, which the bucket must not make
    # public; the site reads them and serves them itself.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "private", "default_acl": "private"},
    }
    AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None
# The page store on S3-compatible storage (a CDN or the bucket's website endpoint serves
# it): set its bucket; several app servers and workers then share one store.
if env.str("PAGE_STORE_BUCKET", default=""):
    STORAGES["pages"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("PAGE_STORE_BUCKET"),
            "location": env.str("PAGE_STORE_PREFIX", default=""),
            "file_overwrite": True,
        },
    }

# Images larger than this are refused before Pillow decodes them.
MAX_UPLOAD_IMAGE_BYTES = 10 * 1024 * 1024
# Session transcripts (WebVTT) and attachments (slides: PDFs or images) larger than these
# are refused.
MAX_UPLOAD_TRANSCRIPT_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_ATTACHMENT_BYTES = 50 * 1024 * 1024

SITE_NAME = env.str("SITE_NAME", default="Conference programmes")
# The site identity until an Organiser sets one in the admin (conference.SiteIdentity):
# an accent that reads at WCAG AA on white, and a key of cms.fonts.TYPEFACE_PAIRS.
SITE_ACCENT_COLOUR = env.str("SITE_ACCENT_COLOUR", default="#9b2c1f")
SITE_TYPEFACE = env.str("SITE_TYPEFACE", default="system")
# Where the accessibility statement (/accessibility/) tells people to ask for another format
# or report a problem; empty: it points them to the event's organiser.
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default="")
# The public site's address, for absolute links in files made outside a request
# (`manage.py export_recap`).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# The public site's address in links that leave it (share images and links, recap files):
# set in production so that a download made through another host (a preview, the
# development server) still links the public pages. Empty: the request's own host.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="").rstrip("/")
# Domain in calendar UIDs and the namespace of schedule GUIDs: changing it changes every id.
SCHEDULE_UID_DOMAIN = env.str("SCHEDULE_UID_DOMAIN", default="programme.invalid")

# Security: strict by default; DEBUG (local development) relaxes only HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# PeerTube instances whose recordings the session pages may embed (host names such as
# "peertube.example.org"); recordings on other instances are only linked.
RECORDING_PEERTUBE_HOSTS = env.list("RECORDING_PEERTUBE_HOSTS", default=[])

# Content Security Policy: everything from this host, no inline script; recordings are
# embedded from their hosts (website/selectors/sessions.py, recording_player) only after a
# visitor asks for the player.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env.list("CSP_IMG_HOSTS", default=[])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            "https://media.ccc.de",
            *(f"https://{host}" for host in RECORDING_PEERTUBE_HOSTS),
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Who may frame the embeddable schedule (/<event>/embed/, website/views/embed.py), the only
# pages that any other site may frame: "*" for anyone, or a list of origins.
EMBED_FRAME_ANCESTORS = env.list("EMBED_FRAME_ANCESTORS", default=["*"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
