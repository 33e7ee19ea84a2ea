"""The main menu, to which every app adds its entries (in its AppConfig.ready).

    from kechuang.core import navigation
    navigation.register(_("菜单名"), "<app>:<url name>", order=40, visible=<user → bool>)

so core, the lowest app, names no page of the apps above it. `visible(user)` decides per user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    order: int
    visible: Callable[[object], bool]


_REGISTRY: dict[str, MenuEntry] = {}


def everyone(user) -> bool:
    return True


def register(label: str, url_name: str, *, order: int = 100, visible: Callable[[object], bool] = everyone) -> None:
    """Add (or replace, by URL name) a menu entry; lower `order` comes first."""
    _REGISTRY[url_name] = MenuEntry(label, url_name, order, visible)


def menu_for(user) -> list[tuple[str, str]]:
    """(label, url) of the entries the signed-in user sees, in order."""
    entries = sorted(_REGISTRY.values(), key=lambda entry: (entry.order, entry.url_name))
    return [(str(entry.label), reverse(entry.url_name)) for entry in entries if entry.visible(user)]
