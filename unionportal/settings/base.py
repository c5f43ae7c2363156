"""Settings for the 会站家 union portal.

Everything that differs between a laptop and production comes from the environment
(DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, ...); there is no production-only file.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    # A development-only key: refusing to start without one would break `make run` on a fresh machine,
    # and `check --deploy` flags this value, so production cannot ship with it unnoticed.
    "django-insecure-dev-only-key-do-not-use-in-production"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

ROOT_URLCONF = "unionportal.urls"
WSGI_APPLICATION = "unionportal.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # built-in widget templates, for FORM_RENDERER = TemplatesSetting
]
THIRD_PARTY_APPS = [
    "mptt",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_tables2",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "django_celery_beat",
]
LOCAL_APPS = [
    "core",
    "orgs",
    "unions",
    "cadres",
    "stations",
    "homes",
    "activities",
    "groups",
    "cases",
    "figures",
    "assessment",
    "dashboards",
    "maps",
    "accounts",
    "notifications",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth and messages: one logged in with a temporary password reaches only the password page.
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.RequestIdMiddleware",
    # The product's own 404/500 pages under DEBUG too (make run), never Django's technical pages.
    "core.middleware.ErrorPagesMiddleware",
    "core.middleware.QueryNulMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the backend into its lockout response.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
                "accounts.context_processors.accounts",
                "notifications.context_processors.unread",
            ],
            "builtins": ["core.templatetags.portal"],
        },
    },
]

# ------------------------------------------------------------------------------
# Database: DATABASE_URL (PostgreSQL in production and CI); a SQLite file otherwise
# ------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A long timeout lets the dev server and an eager import share the file without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

# ------------------------------------------------------------------------------
# Redis: Celery broker and cache. Without REDIS_URL, tasks run eagerly in-process.
# ------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Every task stops itself after TASK_TIME_LIMIT seconds (SoftTimeLimitExceeded: its job is failed with a
# reason, its transaction rolled back) and is killed a minute later; a job queued for JOB_QUEUE_TIMEOUT
# seconds without starting, or started before the hard limit, is failed by core.tasks.fail_stale_jobs.
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("TASK_TIME_LIMIT", "900"))
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
CELERY_BROKER_CONNECTION_TIMEOUT = 3
JOB_QUEUE_TIMEOUT = int(os.environ.get("JOB_QUEUE_TIMEOUT", "3600"))
# Periodic tasks, run by `celery -A unionportal beat`: the schedule is kept in the database
# (django-celery-beat), seeded from this one and adjustable in the admin.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "reminders": {"task": "notifications.tasks.send_reminders", "schedule": crontab(hour=7, minute=0)},
    "fail-stale-jobs": {"task": "core.tasks.fail_stale_jobs", "schedule": 600.0},
    "compact-change-stamps": {"task": "core.tasks.compact_change_stamps", "schedule": 3600.0},
    # Dashboards rebuild what is stale on every read; this keeps the readers from waiting for it.
    "refresh-rollups": {"task": "figures.tasks.refresh_rollups", "schedule": 30.0},
}

# A record page's panels are cached for at most this long under their change stamps (core.panel_cache); the
# stamps make an entry unused the moment a write commits, so this only bounds what no stamp sees (a user renamed).
# 0 turns the cache off.
PANEL_CACHE_SECONDS = int(os.environ.get("PANEL_CACHE_SECONDS", "3600"))

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# ------------------------------------------------------------------------------
# Authentication: django-axes locks out repeated failures
# ------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The same message as JSON to API clients (the token endpoint); the page above in the browser.
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True

# ------------------------------------------------------------------------------
# Internationalisation: Chinese first, English on request
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# ------------------------------------------------------------------------------
# Static and media files: served by the app itself, no CDN
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded files are never served from a public URL: views check scope before streaming them.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest photo or evidence file a user may upload (core/uploads.py), in bytes.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
IMPORT_MAX_FILE_SIZE = 20 * 1024 * 1024
# Longest text a free-text field (notes, descriptions) accepts at any door; core.models.CheckedFieldsMixin.
TEXT_MAX_LENGTH = int(os.environ.get("TEXT_MAX_LENGTH", "5000"))
# Spreadsheet imports (core/imports.py): rows per file, seconds per run (a Celery job is stopped a minute
# later), rows checked and written per batch, and how far an xlsx may unpack (a sheet of 100,000 rows is
# about 60 MB of XML; a zip bomb is far more).
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "100000"))
IMPORT_TIME_LIMIT = int(os.environ.get("IMPORT_TIME_LIMIT", "1800"))
IMPORT_BATCH_SIZE = 1000
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(300 * 1024 * 1024)))
# Exports of more rows than this are built by a Celery job and downloaded from their own page.
EXPORT_SYNC_LIMIT = int(os.environ.get("EXPORT_SYNC_LIMIT", "20000"))

# Every latitude and longitude entered (stations, homes: core.models.Located) must lie in this box, given as
# "lat_min,lat_max,lon_min,lon_max". The default is Qinghai (31.6–39.2 N, 89.4–103.1 E) with half a degree of
# margin: it keeps places on the border in and catches swapped coordinates and dropped digits.
COORDINATE_BOX = tuple(float(v) for v in env_list("COORDINATE_BOX", "31.0,39.8,88.8,103.6"))
if len(COORDINATE_BOX) != 4 or COORDINATE_BOX[0] >= COORDINATE_BOX[1] or COORDINATE_BOX[2] >= COORDINATE_BOX[3]:
    raise ValueError("COORDINATE_BOX must be lat_min,lat_max,lon_min,lon_max")
# The map of stations and homes (/map/) is on only when a tile server is configured: 天地图 with the
# deployment's key (TIANDITU_KEY, a browser key bound to the portal's domain), or a tile server of its own
# (MAP_TILE_URL, a Leaflet URL template such as https://tiles.example.gov.cn/{z}/{x}/{y}.png, with
# MAP_TILE_SUBDOMAINS for {s} and MAP_LABEL_URL for a layer of place names over it). Without either the map is
# off and no page loads anything from outside. MAP_ATTRIBUTION is shown on the map (the tile source and its
# 审图号); no boundary polygons are bundled, since maps published in China need an approved source.
TIANDITU_KEY = os.environ.get("TIANDITU_KEY", "").strip()
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "").strip()
MAP_LABEL_URL = os.environ.get("MAP_LABEL_URL", "").strip()
MAP_TILE_SUBDOMAINS = os.environ.get("MAP_TILE_SUBDOMAINS", "abc").strip()
MAP_ATTRIBUTION = os.environ.get("MAP_ATTRIBUTION", "").strip()
MAP_MAX_ZOOM = int(os.environ.get("MAP_MAX_ZOOM", "18"))
# Above this many points in view, /map/points.geojson answers clusters on a grid instead of single points.
MAP_MAX_POINTS = int(os.environ.get("MAP_MAX_POINTS", "1500"))

# ------------------------------------------------------------------------------
# Security: strict unless DEBUG; each switch can be overridden behind a proxy
# ------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers and the smoke test probe /healthz over plain HTTP on the loopback.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_AGE = 8 * 60 * 60
# A stale form or a foreign origin gets the product's 403 page in Chinese, not Django's English one.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# ------------------------------------------------------------------------------
# REST API
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # One JSON object of bounded depth per body (core/api/parsers.py), or a clear 400.
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "会站家 union portal API",
    "DESCRIPTION": "REST API of the 会、站、家 integrated grassroots union portal. "
    "Every answer is filtered by the caller's scope.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a field named "category" with different choices (station services and ledger, activities).
    # The schema and its docs are public (integrators read them before they hold a token); the data is not.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Choice sets several models share get one name in the schema; fields of the same name with different
    # choices get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "IndustryEnum": "orgs.choices.Industry",
        "OwnershipEnum": "orgs.choices.Ownership",
        "GenderEnum": "unions.choices.Gender",
        "EthnicityEnum": "unions.choices.Ethnicity",
        "EmploymentEnum": "unions.choices.Employment",
        "ServiceCategoryEnum": "stations.choices.ServiceCategory",
        "ActivityCategoryEnum": "activities.choices.ActivityCategory",
    },
    # Every operation documents its error answers (400/401/403/404); times are described as Django writes them.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "core.api.schema.postprocess"],
}

# ------------------------------------------------------------------------------
# UI libraries
# ------------------------------------------------------------------------------
# Widgets render with the project's template settings, so widget templates can live in templates/.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
IMPORT_EXPORT_USE_TRANSACTIONS = True

# ------------------------------------------------------------------------------
# Logging: one line per event, to stderr
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

PORTAL_NAME = _("会站家一体化工作平台")
