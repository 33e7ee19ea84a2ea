"""Background work of the transfer app."""

from __future__ import annotations

from django_tasks import task

from .recommendations import achievement_index


@task()
def warm_match_index() -> int:
    """Build the worker's matcher index for the current version of the library (after an import)."""
    return len(achievement_index().ids)
