"""Number formats of the plans pages."""

from __future__ import annotations

from django import template

from kechuang.plans.dashboard import percent

register = template.Library()
register.filter("percent", percent)
