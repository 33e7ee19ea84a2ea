"""Loading the shipped reference data (regions, industries, technology domains) into the database."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from .models import Industry, Region, TechDomain
from .reference_data import load_industries, load_regions, load_tech_domains


def _upsert_tree(model, rows) -> int:
    """Insert or update code/name/level rows, then link parents; rows list parents before children."""
    existing = {obj.code: obj for obj in model.objects.all()}
    new, changed = [], []
    for row in rows:
        obj = existing.get(row.code)
        if obj is None:
            obj = model(code=row.code, name=row.name, level=row.level)
            new.append(obj)
            existing[row.code] = obj
        elif (obj.name, obj.level) != (row.name, row.level):
            obj.name, obj.level = row.name, row.level
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=2000)
    model.objects.bulk_update(changed, ["name", "level"], batch_size=2000)
    ids = dict(model.objects.values_list("code", "id"))
    linked = []
    for row in rows:
        obj = existing[row.code]
        parent_id = ids.get(row.parent_code) if row.parent_code else None
        if obj.parent_id != parent_id:
            obj.parent_id = parent_id
            linked.append(obj)
    model.objects.bulk_update(linked, ["parent"], batch_size=2000)
    return len(new) + len(changed)


@transaction.atomic
def load_reference_data(*, regions_file: Path | None = None) -> dict[str, int]:
    """Idempotent: running it twice changes nothing the second time."""
    return {
        "regions": _upsert_tree(Region, load_regions(regions_file)),
        "industries": _upsert_tree(Industry, load_industries()),
        "tech_domains": _upsert_tree(TechDomain, load_tech_domains()),
    }
