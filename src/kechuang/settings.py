"""Settings for Kechuang, read from the environment.

Every deployment choice comes from an environment variable (or `<NAME>_FILE` for secrets), so
the same package runs the laptop demo on SQLite and a province on PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("KECHUANG_VAR_DIR", Path.cwd() / "var")).resolve()


def env_str(name: str, default: str | None = None) -> str | None:
    """A string setting; `<NAME>_FILE` names a file holding it (Docker/systemd secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# No fallback: a web process must never start with a guessable key. The `kechuang` command itself
# gives help and the file-in/file-out commands a key of their own (kechuang.cli.ensure_secret_key).
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    # Settings load before the translation catalogue, so this message cannot go through gettext.
    raise ImproperlyConfigured(
        "未设置密钥：请设置环境变量 SECRET_KEY（或 SECRET_KEY_FILE 指向密钥文件）；"
        "本机试用可运行 `kechuang demo`，它会在 var/ 下生成一个。"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Trigram index expressions (OpClass) for the organization search; inert on SQLite.
    "django.contrib.postgres",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "kechuang.core",
    "kechuang.plans",
    "kechuang.supervision",
    "kechuang.ingest",
    "kechuang.enterprises",
    "kechuang.transfer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "kechuang.urls"
WSGI_APPLICATION = "kechuang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kechuang.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'kechuang.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The same backend, creating the database file's folder (a fresh var/) on first connection.
    DATABASES["default"]["ENGINE"] = "kechuang.sqlite"
    # WAL lets the web process read while the task worker writes; IMMEDIATE avoids
    # "database is locked" on lock upgrades inside transactions.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Without collectstatic (tests, demo from a checkout) WhiteNoise serves from the app folders.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# Upload limits: the whole request, and each kind of file the platform accepts.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("UPLOAD_MAX_BYTES", 25 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
KECHUANG_IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
KECHUANG_IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
KECHUANG_EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
KECHUANG_INGEST_MAX_BYTES = env_int("INGEST_MAX_BYTES", 20 * 1024 * 1024)
# Seconds an extraction may take before a document still "extracting" counts as left by a dead worker.
KECHUANG_INGEST_EXTRACT_TIMEOUT = env_int("INGEST_EXTRACT_TIMEOUT", 15 * 60)
KECHUANG_REPORT_MAX_BYTES = env_int("REPORT_MAX_BYTES", 10 * 1024 * 1024)
# Beyond this many results a large list shows an estimate (PostgreSQL) or "N+" (SQLite), not an exact count.
KECHUANG_EXACT_COUNT_LIMIT = env_int("EXACT_COUNT_LIMIT", 10_000)

# Bands of the progress engine (kechuang.plans.progress.Thresholds; docs/guide/progress.md): the
# shortfall behind the expected path, as a share of the baseline-to-target distance.
KECHUANG_PROGRESS_ON_TRACK = env_float("PROGRESS_ON_TRACK", 0.05)
KECHUANG_PROGRESS_AT_RISK = env_float("PROGRESS_AT_RISK", 0.15)
KECHUANG_PROGRESS_EQUAL_TOLERANCE = env_float("PROGRESS_EQUAL_TOLERANCE", 0.05)

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # Background work reports its progress in the worker's terminal.
    "loggers": {
        "kechuang": {"level": "INFO"},
        "django_tasks": {"level": "INFO"},
        "django_tasks_db": {"level": "INFO"},
    },
}

# Fonts for charts drawn on the server (docx reports); see kechuang.core.fonts.
KECHUANG_CJK_FONT = env_str("CJK_FONT")

# The bureau's own technical terms for the matcher, beside the shipped dictionary
# (kechuang/transfer/matching/data/terms.txt, same format): comma-separated file paths.
TRANSFER_DICTIONARY_FILES = env_list("TRANSFER_DICTIONARY_FILES", [])
