"""The structured vocabulary of listings (data/vocabulary.json): maturity stages in order,
cooperation modes and their other names, technology domains."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Vocabulary:
    maturity: tuple[str, ...]
    maturity_aliases: dict[str, str]
    trl_to_maturity: dict[int, str]
    cooperation: tuple[str, ...]
    cooperation_aliases: dict[str, str]
    domains: tuple[str, ...]

    @classmethod
    def load(cls, path: Path = DATA / "vocabulary.json") -> Vocabulary:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            maturity=tuple(data["maturity"]),
            maturity_aliases=data["maturity_aliases"],
            trl_to_maturity={int(level): stage for level, stage in data["trl_to_maturity"].items()},
            cooperation=tuple(data["cooperation"]),
            cooperation_aliases=data["cooperation_aliases"],
            domains=tuple(data["domains"]),
        )

    def maturity_index(self, stage: str | None) -> int | None:
        if stage is None:
            return None
        stage = self.maturity_aliases.get(stage, stage)
        return self.maturity.index(stage) if stage in self.maturity else None

    def maturity_of_trl(self, trl: int) -> int:
        return self.maturity.index(self.trl_to_maturity[trl])

    def cooperation_mode(self, mode: str) -> str:
        mode = mode.strip()
        return self.cooperation_aliases.get(mode, mode)


VOCABULARY = Vocabulary.load()
