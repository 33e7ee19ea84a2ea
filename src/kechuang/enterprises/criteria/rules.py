"""Rule files: one TOML file per tier and edition, shipped in rules/, overridable per deployment.

A rule file names the tier, edition, document and the dates it applies; its `parameters` hold every
number that is not fully verified (and any a deployment may want to change); each `[[criteria]]`
entry names a kind from kinds.KINDS, cites its document and article, and refers to parameters as
"$name". A deployment's directory (`--rules DIR` or KECHUANG_CRITERIA_RULES) may hold whole rule
files, which replace the shipped file of the same tier and edition or add an edition, and a
`parameters.toml` whose tables `[tier]` or `[tier.edition]` override parameters by name.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .kinds import FAIL, KINDS, PASS, REVIEW, UNKNOWN, RuleError
from .tiers import TIERS

SHIPPED = Path(__file__).with_name("rules")
OVERRIDES_FILE = "parameters.toml"


@dataclass(frozen=True)
class Rule:
    """A compiled rule file: evaluate with `evaluators` in order, decide with `decide`."""

    tier: str
    edition: str
    document: str
    valid_from: datetime.date
    valid_until: datetime.date | None
    certificate_kinds: frozenset[str]
    evaluators: tuple
    decide: object
    score_key: str | None
    parameters: dict


def _load(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleError("rule_file_unreadable", file=str(path), error=str(exc)) from exc


def _and(states):
    if FAIL in states:
        return FAIL
    if UNKNOWN in states:
        return UNKNOWN
    if REVIEW in states:
        return REVIEW
    return PASS


def _or(states):
    if PASS in states:
        return PASS
    if UNKNOWN in states:
        return UNKNOWN
    if REVIEW in states:
        return REVIEW
    return FAIL


def _decision(data: dict, keys: set[str], name: str):
    required = tuple(data.get("all", ()))
    alternatives = tuple(tuple(group) for group in data.get("any", ()))
    for key in (*required, *(key for group in alternatives for key in group)):
        if key not in keys:
            raise RuleError("rule_decision_key", file=name, key=key)

    def decide(results):
        states = [results[key].state for key in required]
        if alternatives:
            states.append(_or([_and([results[key].state for key in group]) for group in alternatives]))
        return _and(states)
    return decide


def compile_rule(data: dict, name: str, overrides: dict | None = None) -> Rule:
    """The Rule of one parsed rule file, with parameter overrides applied by name."""
    try:
        tier, edition = data["tier"], str(data["edition"])
    except KeyError as exc:
        raise RuleError("rule_field_missing", file=name, field=exc.args[0]) from exc
    if tier not in TIERS:
        raise RuleError("rule_tier_unknown", file=name, tier=tier)
    parameters = dict(data.get("parameters", {}))
    for key, value in (overrides or {}).items():
        if key not in parameters:
            raise RuleError("rule_parameter_unknown", file=name, parameter=key)
        if type(value) is not type(parameters[key]) and not (
            isinstance(value, (int, float)) and isinstance(parameters[key], (int, float))
        ):
            raise RuleError("rule_parameter_type", file=name, parameter=key)
        parameters[key] = value

    def param(value):
        if isinstance(value, str) and value.startswith("$"):
            try:
                return parameters[value[1:]]
            except KeyError:
                raise RuleError("rule_parameter_unknown", file=name, parameter=value[1:]) from None
        return value

    evaluators = []
    for spec in data.get("criteria", ()):
        key, kind_name = spec.get("key"), spec.get("kind")
        if kind_name not in KINDS:
            raise RuleError("rule_kind_unknown", file=name, key=key, kind=kind_name)
        try:
            evaluators.append((key, KINDS[kind_name](key, spec, param)))
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, RuleError):
                raise
            raise RuleError("rule_criterion_invalid", file=name, key=key, error=str(exc)) from exc
    keys = {key for key, _evaluate in evaluators}
    score_key = data.get("score")
    if score_key is not None and score_key not in keys:
        raise RuleError("rule_decision_key", file=name, key=score_key)
    valid_from = data.get("valid_from", datetime.date(1900, 1, 1))
    return Rule(
        tier=tier, edition=edition, document=data.get("document", ""), valid_from=valid_from,
        valid_until=data.get("valid_until"), certificate_kinds=frozenset(data.get("certificate_kinds", (tier,))),
        evaluators=tuple(evaluators), decide=_decision(data.get("decision", {}), keys, name),
        score_key=score_key, parameters=parameters,
    )


def load_rules(directory: str | Path | None = None) -> dict[str, list[Rule]]:
    """The rules per tier, editions sorted by start date: the shipped files, then a deployment's."""
    files: dict[tuple[str, str], tuple[dict, str]] = {}
    for path in sorted(SHIPPED.glob("*.toml")):
        data = _load(path)
        files[(data.get("tier"), str(data.get("edition")))] = (data, path.name)
    overrides: dict = {}
    if directory is not None:
        folder = Path(directory)
        if not folder.is_dir():
            raise RuleError("rule_directory_missing", directory=str(folder))
        for path in sorted(folder.glob("*.toml")):
            data = _load(path)
            if path.name == OVERRIDES_FILE:
                overrides = data
            elif "tier" in data:
                files[(data["tier"], str(data.get("edition")))] = (data, str(path))
    for tier in overrides:
        if tier not in TIERS:
            raise RuleError("rule_tier_unknown", file=OVERRIDES_FILE, tier=tier)
    rules: dict[str, list[Rule]] = {tier: [] for tier in TIERS}
    for (tier, edition), (data, name) in files.items():
        by_tier = overrides.get(tier, {})
        chosen = {key: value for key, value in by_tier.items() if not isinstance(value, dict)}
        chosen.update(by_tier.get(edition, {}))
        rules[tier].append(compile_rule(data, name, chosen))
    for editions in rules.values():
        editions.sort(key=lambda rule: rule.valid_from)
    return rules


def edition_for(editions: list[Rule], day: datetime.date) -> Rule | None:
    """The edition in force on the assessment date (梯度培育: 2022 rules before 2026-04-01, 2026 rules from it)."""
    chosen = None
    for rule in editions:
        if rule.valid_from <= day and (rule.valid_until is None or day < rule.valid_until):
            chosen = rule
    return chosen
