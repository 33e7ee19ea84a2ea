"""Messages as codes with parameters, for the plain-Python modules that may not import Django.

The progress engine, the document extractor and the other framework-free modules say what they
mean with a `Message` (a stable code and named parameters); the Django layer turns it into Chinese
through gettext (see `kechuang.core.messages`), so the text stays in the translation catalogue and
scripts can still read the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    """A message code and its named parameters.

    A parameter may itself be a Message, or a list of them (a list reads as an enumeration).
    """

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """`{"code", "params"}` with nested messages as the same objects: the form scripts read."""
        return {"code": self.code, "params": {name: _json(value) for name, value in self.params.items()}}


def _json(value: Any) -> Any:
    if isinstance(value, Message):
        return value.as_json()
    if isinstance(value, (list, tuple)):
        return [_json(item) for item in value]
    return value


class CodedError(ValueError):
    """A ValueError that carries its message as a code, for the Django layer to translate."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.message = Message(code, params)
        super().__init__(code, params)
