"""Display formats of the supervision pages."""

from __future__ import annotations

from django import template

from kechuang.supervision.messages import period_text

register = template.Library()
register.filter("period_text", period_text)
