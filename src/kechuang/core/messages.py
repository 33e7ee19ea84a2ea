"""Chinese text for the message codes of the plain-Python modules (kechuang.core.codes).

Each app keeps a catalogue, code → gettext_lazy message with named placeholders; `render` looks a
message up, renders nested messages first, and fills the placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .codes import Message

Catalogue = Mapping[str, Promise]


def render(message: Message | Mapping[str, Any], catalogue: Catalogue) -> str:
    """The text of a Message, or of its JSON form `{"code", "params"}`."""
    if isinstance(message, Message):
        code, params = message.code, message.params
    else:
        code, params = message["code"], message["params"]
    return str(catalogue[code]) % {name: _param(value, catalogue) for name, value in params.items()}


def _param(value: Any, catalogue: Catalogue) -> Any:
    if isinstance(value, Message) or isinstance(value, Mapping) and "code" in value:
        return render(value, catalogue)
    if isinstance(value, (list, tuple)):
        return _("、").join(render(item, catalogue) for item in value)
    return value
