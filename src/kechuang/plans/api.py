"""Plans, indicators, observations and progress API.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from ninja import Router

router = Router(tags=["规划与指标"])
