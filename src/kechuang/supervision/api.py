"""Tasks, milestones, progress reports, supervision notices and scorecards API.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from ninja import Router

router = Router(tags=["任务督办"])
