"""Settings for the test suite: the project's settings with fast hashing and tasks run inline."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")

from kechuang.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
STATIC_ROOT = None  # no collectstatic in tests; WhiteNoise serves from the app folders
