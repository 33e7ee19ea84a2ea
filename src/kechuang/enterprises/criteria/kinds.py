"""The fixed set of criterion kinds. A rule file names a kind and gives its parameters; nothing is eval'd.

Each kind is a builder: `build(spec, param) -> evaluate(ctx) -> Result`, run once when the rule file
is compiled, so evaluating a record only runs the closures it returns. Amounts are in 万元, ratios are
reported in percent, gaps in the criterion's own unit (criteria.md Part 1).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from operator import attrgetter

from kechuang.core.codes import CodedError

PASS, FAIL, UNKNOWN, REVIEW = 1, 0, 2, 3
# Ratios and sums are rounded before they meet a threshold, so that figures exactly on a band edge
# (1150 / 1000 against 15%) are on it, not a binary fraction below it.
RATIO_DIGITS, SUM_DIGITS = 12, 9
# A growth rate that cannot be computed (zero base) and so scores nothing.
NO_GROWTH = float("-inf")


class Result:
    """One criterion's outcome; `lo`/`hi` are the reachable points of a scoring criterion."""

    __slots__ = ("key", "state", "actual", "required", "gap", "unit", "code", "params", "lo", "hi")

    def __init__(self, key, state, actual=None, required=None, gap=None, unit=None, code="", params=None,
                 lo=None, hi=None):
        self.key = key
        self.state = state
        self.actual = actual
        self.required = required
        self.gap = gap
        self.unit = unit
        self.code = code
        self.params = params
        self.lo = lo
        self.hi = hi


class Context:
    """The record being assessed, the evaluation year Y and date, and the results so far."""

    __slots__ = ("record", "year", "last", "date", "results")

    def __init__(self, record, year: int, date: datetime.date):
        self.record = record
        self.year = year
        self.last = year - 1
        self.date = date
        self.results: dict[str, Result] = {}


Evaluate = Callable[[Context], Result]
KINDS: dict[str, Callable[..., Evaluate]] = {}


def kind(name: str):
    def register(builder):
        KINDS[name] = builder
        return builder
    return register


class RuleError(CodedError):
    """A rule file that does not fit the kinds (raised while compiling, never per record)."""


def _pct(value: float) -> float:
    return _round(value * 100)


def _round(value: float) -> float:
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


def _missing(key: str, missing: list[str], lo=None, hi=None) -> Result:
    return Result(key, UNKNOWN, code="missing", params={"missing": missing}, lo=lo, hi=hi)


def _window(ctx: Context, count: int, from_founding: bool) -> range:
    """The last `count` fiscal years; from the founding year on when the rule counts a shorter life."""
    first = ctx.year - count
    founded = ctx.record.founded
    if from_founding and founded is not None and founded.year > first:
        first = min(founded.year, ctx.last)
    return range(first, ctx.year)


def _figures(ctx: Context, get, name: str, years) -> tuple[list, list[str]]:
    values, missing = [], []
    table = ctx.record.years
    for year in years:
        row = table.get(year)
        value = None if row is None else get(row)
        if value is None:
            missing.append(f"{name}@{year}")
        else:
            values.append(value)
    return values, missing


# --- plain thresholds ---------------------------------------------------------------------------

def _source(spec: dict, param) -> tuple[Callable[[Context], tuple], str]:
    """A getter of (value, missing) for `figure` in the year window `years`/`mode`, or a record field."""
    if "field" in spec:
        name = spec["field"]
        if name.startswith("ip."):
            ip_name = name[3:]

            def ip_value(ctx):
                value = ctx.record.ip[ip_name]
                return (value, None) if value is not None else (None, [name])
            return ip_value, name
        get = attrgetter(name)

        def field_value(ctx):
            value = get(ctx.record)
            return (value, None) if value is not None else (None, [name])
        return field_value, name
    name = spec["figure"]
    get = attrgetter(name)
    count = int(param(spec.get("years", 1)))
    mode = spec.get("mode", "last")
    from_founding = bool(spec.get("from_founding", False))

    def window_value(ctx):
        values, missing = _figures(ctx, get, name, _window(ctx, count, from_founding))
        if missing:
            return None, missing
        if mode == "sum":
            return round(sum(values), SUM_DIGITS), None
        if mode == "avg":
            return round(sum(values) / len(values), SUM_DIGITS), None
        if mode == "min":  # "in each of the years": the weakest year decides
            return min(values), None
        if mode == "max":
            return max(values), None
        if mode == "first":  # the base year of a growth window
            return values[0], None
        return values[-1], None
    return window_value, name


def _min_code(ok: bool, exclusive: bool) -> str:
    if exclusive:
        return "min_pass_exclusive" if ok else "min_fail_exclusive"
    return "min_pass" if ok else "min_fail"


@kind("figure_min")
def figure_min(key, spec, param):
    """value ≥ min (or > min with `exclusive`); the gap is what is missing to reach it."""
    value_of, _name = _source(spec, param)
    limit = param(spec["min"])
    exclusive = bool(spec.get("exclusive", False))
    unit = spec.get("unit", "wan")

    def evaluate(ctx):
        value, missing = value_of(ctx)
        if missing:
            return _missing(key, missing)
        ok = value > limit if exclusive else value >= limit
        return Result(key, PASS if ok else FAIL, _round(value), limit, 0 if ok else _round(limit - value), unit,
                      _min_code(ok, exclusive))
    return evaluate


@kind("figure_max")
def figure_max(key, spec, param):
    value_of, _name = _source(spec, param)
    limit = param(spec["max"])
    unit = spec.get("unit", "wan")

    def evaluate(ctx):
        value, missing = value_of(ctx)
        if missing:
            return _missing(key, missing)
        ok = value <= limit
        return Result(key, PASS if ok else FAIL, _round(value), limit, 0 if ok else _round(value - limit), unit,
                      "max_pass" if ok else "max_fail")
    return evaluate


def _ratio_source(spec, param):
    num, den = spec["numerator"], spec["denominator"]
    get_num, get_den = attrgetter(num), attrgetter(den)
    count = int(param(spec.get("years", 1)))
    mode = spec.get("mode", "sum")  # sum: ratio of the window's totals; each: every year on its own
    from_founding = bool(spec.get("from_founding", False))

    def ratios(ctx):
        years = _window(ctx, count, from_founding)
        nums, missing = _figures(ctx, get_num, num, years)
        dens, missing_den = _figures(ctx, get_den, den, years)
        missing += missing_den
        if missing:
            return None, missing
        if mode == "each":
            # The weakest year decides "in each of the years"; its figures price the gap.
            pairs = [(round(n / d, RATIO_DIGITS) if d else 0.0, n, d) for n, d in zip(nums, dens, strict=True)]
            return min(pairs), None
        total_num, total_den = round(sum(nums), SUM_DIGITS), round(sum(dens), SUM_DIGITS)
        return ((round(total_num / total_den, RATIO_DIGITS) if total_den else 0.0), total_num, total_den), None
    return ratios


@kind("ratio_min")
def ratio_min(key, spec, param):
    """numerator ÷ denominator ≥ min, the minimum optionally banded by a figure (HNTE R&D by revenue).

    The gap is in percentage points; `amount` also prices it: how much more numerator would close it.
    """
    ratios = _ratio_source(spec, param)
    bands = [(param(upper) if upper != "inf" else float("inf"), param(limit), code)
             for upper, limit, code in spec.get("bands", ())]
    band_get = attrgetter(spec["band_by"]) if bands else None
    band_name = spec.get("band_by")
    fixed = param(spec["min"]) if "min" in spec else None
    amount_figure = spec.get("amount_figure")

    def evaluate(ctx):
        found, missing = ratios(ctx)
        band = None
        if bands:
            row = ctx.record.years.get(ctx.last)
            base = None if row is None else band_get(row)
            if base is None:
                missing = (missing or []) + [f"{band_name}@{ctx.last}"]
            else:
                for upper, limit, code in bands:
                    if base <= upper:
                        band = (limit, code)
                        break
        if missing:
            return _missing(key, missing)
        ratio, num, den = found
        limit = fixed if band is None else band[0]
        ok = ratio >= limit
        params = {"band": band[1]} if band else {}
        gap = 0 if ok else _round((limit - ratio) * 100)
        if not ok and amount_figure:
            params["amount"] = _round(limit * den - num)
            params["figure"] = amount_figure
        return Result(key, PASS if ok else FAIL, _pct(ratio), _pct(limit), gap, "pct",
                      "ratio_pass" if ok else "ratio_fail_amount" if amount_figure else "ratio_fail", params)
    return evaluate


@kind("ratio_max")
def ratio_max(key, spec, param):
    ratios = _ratio_source(spec, param)
    limit = param(spec["max"])

    def evaluate(ctx):
        found, missing = ratios(ctx)
        if missing:
            return _missing(key, missing)
        ratio = found[0]
        ok = ratio <= limit
        return Result(key, PASS if ok else FAIL, _pct(ratio), _pct(limit), 0 if ok else _round((ratio - limit) * 100),
                      "pct", "ratio_max_pass" if ok else "ratio_max_fail")
    return evaluate


@kind("share_min")
def share_min(key, spec, param):
    """A share given as a fraction in the record (market share), or a national rank when allowed."""
    limit = param(spec["min"])
    rank_max = param(spec["rank_max"]) if "rank_max" in spec else None

    def evaluate(ctx):
        share, rank = ctx.record.market_share, ctx.record.market_rank
        if rank_max is not None and rank is not None and rank <= rank_max:
            return Result(key, PASS, rank, rank_max, 0, "rank", "rank_pass")
        if share is None:
            return _missing(key, ["market_share"])
        ok = share >= limit
        return Result(key, PASS if ok else FAIL, _pct(share), _pct(limit), 0 if ok else _round((limit - share) * 100),
                      "pct", "min_pass" if ok else "min_fail")
    return evaluate


@kind("growth_min")
def growth_min(key, spec, param):
    """Revenue growth: `average` of the yearly rates over `years` rates, `cagr` over them, or `last`."""
    name = spec["figure"]
    get = attrgetter(name)
    rates = int(param(spec.get("rates", 1)))
    mode = spec.get("mode", "average")
    limit = param(spec["min"])
    exclusive = bool(spec.get("exclusive", False))

    def evaluate(ctx):
        values, missing = _figures(ctx, get, name, range(ctx.year - rates - 1, ctx.year))
        if missing:
            return _missing(key, missing)
        if any(value <= 0 for value in values[:-1]):
            return Result(key, FAIL, None, _pct(limit), None, "pct", "growth_base_zero")
        if mode == "cagr":
            rate = (values[-1] / values[0]) ** (1 / rates) - 1 if values[-1] > 0 else -1.0
        else:
            rate = sum(values[i + 1] / values[i] - 1 for i in range(rates)) / rates
        rate = round(rate, RATIO_DIGITS)
        ok = rate > limit if exclusive else rate >= limit
        return Result(key, PASS if ok else FAIL, _pct(rate), _pct(limit), 0 if ok else _round((limit - rate) * 100),
                      "pct", _min_code(ok, exclusive))
    return evaluate


# --- facts of the record ------------------------------------------------------------------------

@kind("resident")
def resident(key, spec, param):
    def evaluate(ctx):
        value = ctx.record.flags["resident"]
        if value is None:
            if ctx.record.uscc:
                return Result(key, PASS, True, True, None, None, "resident_by_uscc")
            return _missing(key, ["flags.resident"])
        return Result(key, PASS if value else FAIL, value, True, None, None, "resident_yes" if value else "resident_no")
    return evaluate


@kind("flags_clear")
def flags_clear(key, spec, param):
    """No record of the named compliance flags; an absent flag reads as "no record" (criteria.md Part 1)."""
    names = tuple(spec["flags"])

    def evaluate(ctx):
        flags = ctx.record.flags
        raised = [name for name in names if flags[name]]
        if raised:
            return Result(key, FAIL, False, True, None, None, "flags_raised", {"flags": raised})
        if any(flags[name] is None for name in names):
            return Result(key, PASS, True, True, None, None, "flags_not_given")
        return Result(key, PASS, True, True, None, None, "flags_clear")
    return evaluate


@kind("in_set")
def in_set(key, spec, param):
    field = spec["field"]
    get = attrgetter(field)
    allowed = frozenset(spec["values"])

    def evaluate(ctx):
        value = get(ctx.record)
        if value is None:
            return _missing(key, [field])
        ok = value in allowed
        return Result(key, PASS if ok else FAIL, value, None, None, None, "in_set_pass" if ok else "in_set_fail",
                      {"value": value})
    return evaluate


@kind("not_listed")
def not_listed(key, spec, param):
    def evaluate(ctx):
        listed = ctx.record.listed
        if listed is None:
            return _missing(key, ["listed"])
        return Result(key, FAIL if listed else PASS, listed, False, None, None, "listed" if listed else "not_listed")
    return evaluate


def _age_days(ctx) -> int | None:
    founded = ctx.record.founded
    return None if founded is None else (ctx.date - founded).days


def _full_years(founded: datetime.date, day: datetime.date) -> int:
    years = day.year - founded.year
    return years - 1 if (day.month, day.day) < (founded.month, founded.day) else years


@kind("age_min_days")
def age_min_days(key, spec, param):
    """Registered at least N days before the assessment date (HNTE: 365 days for "一年以上")."""
    days = param(spec["days"])

    def evaluate(ctx):
        age = _age_days(ctx)
        if age is None:
            return _missing(key, ["founded"])
        ok = age >= days
        return Result(key, PASS if ok else FAIL, age, days, 0 if ok else days - age, "day",
                      "min_pass" if ok else "min_fail")
    return evaluate


@kind("age_max_years")
def age_max_years(key, spec, param):
    """At most N full years old on the assessment date."""
    limit = param(spec["max"])

    def evaluate(ctx):
        founded = ctx.record.founded
        if founded is None:
            return _missing(key, ["founded"])
        age = _full_years(founded, ctx.date)
        ok = age <= limit
        return Result(key, PASS if ok else FAIL, age, limit, 0 if ok else age - limit, "year",
                      "max_pass" if ok else "max_fail")
    return evaluate


@kind("age_banded_min")
def age_banded_min(key, spec, param):
    """A floor that depends on age (potential unicorns: valuation and funding by ≤5 / 5–9 years)."""
    field = spec["field"]
    get = attrgetter(field)
    bands = [(param(max_age), param(limit)) for max_age, limit in param(spec["bands"])]
    unit = spec.get("unit", "usd")

    def evaluate(ctx):
        founded, value = ctx.record.founded, get(ctx.record)
        missing = ([] if founded else ["founded"]) + ([] if value is not None else [field])
        if missing:
            return _missing(key, missing)
        age = _full_years(founded, ctx.date)
        limit = next((floor for max_age, floor in bands if age <= max_age), None)
        if limit is None:
            return Result(key, FAIL, value, None, None, unit, "age_out_of_bands", {"age": age})
        ok = value >= limit
        return Result(key, PASS if ok else FAIL, value, limit, 0 if ok else limit - value, unit,
                      "min_pass" if ok else "min_fail")
    return evaluate


@kind("certificate")
def certificate(key, spec, param):
    """Holds a certificate of one of `kinds` valid on the assessment date (a prerequisite title)."""
    kinds = frozenset(param(spec["kinds"]))

    def evaluate(ctx):
        held = valid_certificate(ctx.record, kinds, ctx.date)
        if held is None:
            return Result(key, FAIL, False, True, None, None, "certificate_missing", {"kinds": sorted(kinds)})
        return Result(key, PASS, True, True, None, None, "certificate_held",
                      {"kind": held.kind, "number": held.number or "", "valid_to": _iso(held.valid_to)})
    return evaluate


def _iso(day):
    return day.isoformat() if day else ""


def valid_certificate(record, kinds, day):
    for cert in record.certifications:
        if cert.kind in kinds and (cert.valid_from is None or cert.valid_from <= day) and (
            cert.valid_to is None or day <= cert.valid_to
        ):
            return cert
    return None


@kind("judged")
def judged(key, spec, param):
    """A part only a person can judge (链/品, technical advancement…): passed is null, never "met"."""
    top = param(spec["max"]) if "max" in spec else None

    def evaluate(ctx):
        return Result(key, REVIEW, None, None, None, "point" if top is not None else None,
                      "judged_points" if top is not None else "judged", {"max": top} if top is not None else None,
                      0 if top is not None else None, top)
    return evaluate


@kind("score_field")
def score_field(key, spec, param):
    """A score the record may carry from elsewhere (the MIIT platform's 专精特新发展评价); else a person checks it."""
    field = spec["field"]
    get = attrgetter(field)
    limit = param(spec["min"])

    def evaluate(ctx):
        value = get(ctx.record)
        if value is None:
            return Result(key, REVIEW, None, limit, None, "point", "platform_score_needed", {"min": limit})
        ok = value >= limit
        return Result(key, PASS if ok else FAIL, value, limit, 0 if ok else _round(limit - value), "point",
                      "min_pass" if ok else "min_fail")
    return evaluate


# --- scores -------------------------------------------------------------------------------------

def _band_table(spec, param):
    """[(threshold, points)] best first; `direction` min: value ≥ threshold, max: value ≤ threshold."""
    return [(param(threshold), int(points)) for threshold, points in param(spec["bands"])]


def _band_value_source(spec, param):
    if "numerator" in spec:
        ratios = _ratio_source(spec, param)

        def ratio_value(ctx):
            found, missing = ratios(ctx)
            return (None, missing) if missing else (found[0], None)
        return ratio_value, "pct"
    if "rates" in spec:
        growth = growth_min(spec.get("key", ""), {**spec, "min": 0}, param)

        def growth_value(ctx):
            result = growth(ctx)
            if result.state == UNKNOWN:
                return None, result.params["missing"]
            if result.actual is None:  # a zero base year: the item scores 0 (工作指引)
                return NO_GROWTH, None
            return result.actual / 100, None
        return growth_value, "pct"
    value_of, _name = _source(spec, param)
    return value_of, spec.get("unit", "wan")


@kind("band_points")
def band_points(key, spec, param):
    """Points by bands; `options` scores each option and keeps the higher (科小 R&D: revenue or cost basis).

    With `inclusive` (the default, the tables' "(含)" / "以上") a value on a band edge earns the better band.
    """
    options = spec.get("options") or [spec]
    compiled = []
    for option in options:
        value_of, unit = _band_value_source(option, param)
        compiled.append((option.get("name", ""), value_of, unit, _band_table(option, param),
                         option.get("direction", "min")))
    top = int(spec["max"])
    pass_min = int(spec["pass_min"]) if "pass_min" in spec else None
    inclusive = bool(param(spec.get("inclusive", True)))

    def points_of(value, bands, direction):
        for position, (threshold, points) in enumerate(bands):
            if direction == "min":
                hit = value >= threshold if inclusive else value > threshold
            else:
                hit = value <= threshold if inclusive else value < threshold
            if hit:
                return points, (bands[position - 1] if position else None)
        return 0, (bands[-1] if bands else None)

    def evaluate(ctx):
        best = None
        missing_all = []
        for name, value_of, unit, bands, direction in compiled:
            value, missing = value_of(ctx)
            if missing:
                missing_all += missing
                continue
            points, better = points_of(value, bands, direction)
            if best is None or points > best[0]:
                best = (points, name, value, unit, better)
        if best is None:
            return _missing(key, missing_all, 0, top)
        points, name, value, unit, better = best
        shown = None if value == NO_GROWTH else _pct(value) if unit == "pct" else _round(value)
        params = {"max": top, "value": shown, "value_unit": unit, "option": name}
        if better is not None:
            params["next"] = _pct(better[0]) if unit == "pct" else _round(better[0])
            params["next_points"] = better[1]
        if pass_min is not None:
            ok = points >= pass_min
            state = PASS if ok else FAIL
        else:
            ok, state = True, PASS
        if missing_all and points < top:
            # The other option could still score more once its figures are known.
            params["missing"] = missing_all
            state = PASS if pass_min is not None and ok else UNKNOWN
            return Result(key, state, points, pass_min, None, "point", "points_partial", params, points, top)
        # A sub-score with no minimum of its own has no gap: what it could still earn is in the message.
        gap = None if pass_min is None else 0 if ok else pass_min - points
        return Result(key, state, points, pass_min, gap, "point", "points" if better is None else "points_next",
                      params, points, points)
    return evaluate


@kind("ip_points")
def ip_points(key, spec, param):
    """IP bands, best first: [[count field, at least, points], …]; fields are the ip.* counts."""
    tiers = [(field, param(least), int(points)) for field, least, points in spec["tiers"]]
    top = int(spec["max"])

    def evaluate(ctx):
        ip = ctx.record.ip
        missing = []
        for field, least, points in tiers:
            count = ip[field]
            if count is None:
                missing.append(f"ip.{field}")
                continue
            if count >= least:
                if missing:
                    return Result(key, UNKNOWN, points, None, None, "point", "missing", {"missing": missing},
                                  points, max(p for f, _l, p in tiers if f"ip.{f}" in missing))
                return Result(key, PASS, points, None, None, "point", "ip_points", {"max": top, "field": field,
                              "count": _round(count)}, points, points)
        if missing:
            return _missing(key, missing, 0, max(p for f, _l, p in tiers if f"ip.{f}" in missing))
        return Result(key, PASS, 0, None, None, "point", "ip_none", {"max": top}, 0, 0)
    return evaluate


@kind("choice_points")
def choice_points(key, spec, param):
    """Points by the value of a record field (R&D institution level, strategic emerging field)."""
    field = spec["field"]
    get = attrgetter(field)
    table = {str(choice).lower(): int(points) for choice, points in param(spec["points"]).items()}
    otherwise = int(spec.get("otherwise", 0))
    # The lowest reachable when the value is missing: `otherwise` only counts where the rule has it.
    lowest = min([*table.values(), otherwise] if "otherwise" in spec else table.values())
    top = int(spec["max"])

    def evaluate(ctx):
        value = get(ctx.record)
        if value is None:
            return _missing(key, [field], lowest, top)
        points = table.get(str(value).lower(), otherwise)
        return Result(key, PASS, points, None, None, "point", "choice_points",
                      {"max": top, "field": field, "choice": str(value).lower()}, points, points)
    return evaluate


@kind("step_points")
def step_points(key, spec, param):
    """One point per full `step` (years in the niche: 每满2年得1分), capped at max."""
    value_of, _name = _source(spec, param)
    step = param(spec["step"])
    top = int(spec["max"])

    def evaluate(ctx):
        value, missing = value_of(ctx)
        if missing:
            return _missing(key, missing, 0, top)
        points = min(top, int(value // step))
        return Result(key, PASS, points, None, None, "point", "step_points",
                      {"max": top, "value": _round(value), "value_unit": "year"}, points, points)
    return evaluate


@kind("sum_score")
def sum_score(key, spec, param):
    """The total of earlier scoring criteria, against `min` (≥) or `above` (>, e.g. HNTE "70分以上（不含）").

    Judged or missing parts make it a range: if even the highest misses, it fails; if even the lowest
    reaches, it passes; otherwise it needs a person (judged parts) or the missing figures.
    """
    parts = tuple(spec["parts"])
    exclusive = "above" in spec
    limit = param(spec["above"] if exclusive else spec["min"])

    def evaluate(ctx):
        results = ctx.results
        lo = hi = 0
        unknown = False
        for name in parts:
            part = results[name]
            lo += part.lo or 0
            hi += part.hi or 0
            unknown = unknown or part.state == UNKNOWN
        reach_lo = lo > limit if exclusive else lo >= limit
        reach_hi = hi > limit if exclusive else hi >= limit
        needed = limit + 1 if exclusive else limit
        actual = lo if lo == hi else [lo, hi]
        params = {"lo": lo, "hi": hi, "limit": limit}
        if reach_lo:
            return Result(key, PASS, actual, needed, 0, "point", "score_pass", params, lo, hi)
        if not reach_hi:
            return Result(key, FAIL, actual, needed, needed - hi, "point",
                          "score_fail_above" if exclusive else "score_fail", params, lo, hi)
        return Result(key, UNKNOWN if unknown else REVIEW, actual, needed, None, "point",
                      "score_open_missing" if unknown else "score_open", params, lo, hi)
    return evaluate


# --- routes (direct pass, exemptions) -----------------------------------------------------------

def _route(spec, param):
    """A route: (name, check(ctx) -> PASS/FAIL/UNKNOWN)."""
    route = spec["route"]
    name = spec.get("name", route)
    if route == "certificate":
        kinds = frozenset(param(spec["kinds"]))
        return name, lambda ctx: PASS if valid_certificate(ctx.record, kinds, ctx.date) else FAIL
    if route == "award":
        levels = frozenset(param(spec["levels"]))
        years = int(param(spec["years"]))
        max_rank = param(spec["max_rank"]) if "max_rank" in spec else None

        def award(ctx):
            awards = ctx.record.awards
            if awards is None:
                return UNKNOWN
            state = FAIL
            for item in awards:
                if item.level in levels and ctx.year - years <= item.year <= ctx.year:
                    if max_rank is None or (item.rank is not None and item.rank <= max_rank):
                        return PASS
                    if item.rank is None:
                        state = UNKNOWN
            return state
        return name, award
    if route == "rd_institution":
        levels = frozenset(param(spec["levels"]))

        def institution(ctx):
            level = ctx.record.rd_institution_level
            return UNKNOWN if level is None else (PASS if level in levels else FAIL)
        return name, institution
    if route == "standards_led":
        least = param(spec.get("min", 1))

        def standards(ctx):
            count = ctx.record.ip["standards_led"]
            return UNKNOWN if count is None else (PASS if count >= least else FAIL)
        return name, standards
    if route == "equity":
        years = int(param(spec["years"]))
        least = param(spec["min"])
        return name, lambda ctx: _equity_state(ctx, years, least)
    if route == "rd_average":
        years = int(param(spec["years"]))
        least = param(spec["min"])
        get = attrgetter("rd_expense")

        def rd_average(ctx):
            values, missing = _figures(ctx, get, "rd_expense", range(ctx.year - years, ctx.year))
            return UNKNOWN if missing else (PASS if round(sum(values) / years, SUM_DIGITS) >= least else FAIL)
        return name, rd_average
    if route == "never":
        # A route the record schema cannot show (创客中国 ranks): listed for the explanation, never met by data.
        return name, lambda ctx: FAIL
    raise RuleError("rule_route_unknown", route=route)


def equity_within(ctx, years: int) -> float | None:
    """New equity financing in the `years` years up to the assessment date; None if not known."""
    financings = ctx.record.equity_financing
    if financings is None:
        return None
    day = ctx.date
    try:
        start = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        start = day.replace(year=day.year - years, day=28)
    return round(sum(item.amount for item in financings if start < item.date <= day), SUM_DIGITS)


def _equity_state(ctx, years, least):
    total = equity_within(ctx, years)
    return UNKNOWN if total is None else (PASS if total >= least else FAIL)


def _routes(spec, param):
    return [_route(route, param) for route in spec["routes"]]


def _any_route(routes, ctx):
    unknown = []
    for name, check in routes:
        state = check(ctx)
        if state == PASS:
            return PASS, name, unknown
        if state == UNKNOWN:
            unknown.append(name)
    return (UNKNOWN if unknown else FAIL), None, unknown


@kind("routes")
def routes_kind(key, spec, param):
    """Any one route suffices (direct pass); a route whose data is missing keeps the result open."""
    routes = _routes(spec, param)
    names = [name for name, _check in routes]
    # A route list that is a plain condition (an R&D institution of any level) is not a "direct pass".
    condition = bool(spec.get("condition"))

    def evaluate(ctx):
        state, name, unknown = _any_route(routes, ctx)
        if state == PASS:
            return Result(key, PASS, name, None, None, None, "condition_pass" if condition else "route_pass",
                          {"route": name})
        if state == UNKNOWN:
            return Result(key, UNKNOWN, None, None, None, None, "route_unknown", {"routes": unknown})
        return Result(key, FAIL, None, None, None, None, "route_none", {"routes": names})
    return evaluate


@kind("count_min")
def count_min(key, spec, param):
    """The sum of ip.* counts ≥ min, unless an exemption route applies (2026 梯度: awards, institutions)."""
    fields = tuple(spec["fields"])
    least = param(spec["min"])
    exempt = _routes(spec, param) if "routes" in spec else ()

    def evaluate(ctx):
        ip = ctx.record.ip
        counts = [ip[field] for field in fields]
        if exempt:
            state, name, _unknown = _any_route(exempt, ctx)
            if state == PASS:
                return Result(key, PASS, None, least, 0, "item", "exempt", {"route": name})
        if any(count is None for count in counts):
            return _missing(key, [f"ip.{field}" for field, count in zip(fields, counts, strict=True) if count is None])
        total = sum(counts)
        ok = total >= least
        return Result(key, PASS if ok else FAIL, _round(total), least, 0 if ok else _round(least - total), "item",
                      "min_pass" if ok else "min_fail")
    return evaluate


@kind("revenue_or_equity")
def revenue_or_equity(key, spec, param):
    """Last year's revenue ≥ floor, or new equity financing ≥ amount in the last N years (梯度 revenue tests)."""
    floor = param(spec["revenue_min"])
    years = int(param(spec["equity_years"]))
    equity_min = param(spec["equity_min"])

    def evaluate(ctx):
        row = ctx.record.years.get(ctx.last)
        revenue = None if row is None else row.revenue
        if revenue is not None and revenue >= floor:
            return Result(key, PASS, _round(revenue), floor, 0, "wan", "min_pass")
        equity = equity_within(ctx, years)
        if equity is not None and equity >= equity_min:
            return Result(key, PASS, _round(revenue) if revenue is not None else None, floor, 0, "wan", "equity_pass",
                          {"equity": _round(equity), "equity_min": equity_min, "years": years})
        if revenue is None:
            return _missing(key, [f"revenue@{ctx.last}"])
        if equity is None:
            return Result(key, UNKNOWN, _round(revenue), floor, _round(floor - revenue), "wan", "equity_unknown",
                          {"missing": ["equity_financing"], "equity_min": equity_min, "years": years})
        return Result(key, FAIL, _round(revenue), floor, _round(floor - revenue), "wan", "revenue_equity_fail",
                      {"equity": _round(equity), "equity_min": equity_min, "years": years})
    return evaluate


@kind("scale_up")
def scale_up(key, spec, param):
    """Fast scale-up: at most N full years old with last year's revenue ≥ R, for any listed (N, R)."""
    bands = [(param(max_age), param(revenue)) for max_age, revenue in param(spec["bands"])]

    def evaluate(ctx):
        founded = ctx.record.founded
        row = ctx.record.years.get(ctx.last)
        revenue = None if row is None else row.revenue
        missing = ([] if founded else ["founded"]) + ([] if revenue is not None else [f"revenue@{ctx.last}"])
        if missing:
            return _missing(key, missing)
        age = _full_years(founded, ctx.date)
        eligible = [(max_age, floor) for max_age, floor in bands if age <= max_age]
        for _max_age, floor in eligible:
            if revenue >= floor:
                return Result(key, PASS, _round(revenue), floor, 0, "wan", "scale_up_pass", {"age": age})
        if not eligible:
            return Result(key, FAIL, _round(revenue), None, None, "wan", "scale_up_too_old", {"age": age})
        floor = min(floor for _max_age, floor in eligible)
        return Result(key, FAIL, _round(revenue), floor, _round(floor - revenue), "wan", "scale_up_fail", {"age": age})
    return evaluate


# --- tier-specific composites -------------------------------------------------------------------

def _growth_rate(first, second, third):
    """HNTE growth (工作指引): ½(v2/v1 + v3/v2) − 1; v1 = 0 → v3/v2 − 1; v2 = 0 → no growth score."""
    if second is None or third is None:
        return None
    if not second:
        return NO_GROWTH
    if first is None or not first:
        return round(third / second - 1, RATIO_DIGITS)
    return round((second / first + third / second) / 2 - 1, RATIO_DIGITS)


@kind("hnte_innovation")
def hnte_innovation(key, spec, param):
    """企业创新能力评价 (国科发火〔2016〕195号 工作指引 §十): 100 points, pass above 70.

    Computed from the figures: IP count band, acquisition method, standards bonus, commercialisation
    band, both growth rates. Judged by experts: technical advancement, core support, R&D management,
    and the point within each band — so the score is a range [lo, hi]; the status follows the range.
    """
    above = param(spec["above"])
    judged_ip = int(param(spec["judged_ip_max"]))          # 技术的先进程度 8 + 核心支持作用 8
    management = int(param(spec["management_max"]))       # 研究开发组织管理水平 20
    ip_bands = [(field, param(least), int(lo), int(hi)) for field, least, lo, hi in spec["ip_count_bands"]]
    conversion = [(param(least), int(lo), int(hi)) for least, lo, hi in spec["conversion_bands"]]
    growth = [(param(least), int(lo), int(hi)) for least, lo, hi in spec["growth_bands"]]
    ip_cap = int(param(spec["ip_max"]))
    get_results, get_revenue = attrgetter("results_commercialized"), attrgetter("revenue")

    def band(value, bands, strict_floor):
        for least, lo, hi in bands:
            if value >= least and (not strict_floor or least > 0 or value > 0):
                return lo, hi
        return 0, 0

    def net_assets(row):
        if row is None or row.total_assets is None or row.total_liabilities is None:
            return None
        return row.total_assets - row.total_liabilities

    def evaluate(ctx):
        record = ctx.record
        ip = record.ip
        missing = []
        # IP (≤ 30): count band + acquisition method + judged parts + standards bonus.
        class1, class2 = ip["class1"], ip["class2"]
        if class1 is None or class2 is None:
            missing += [f"ip.{name}" for name in ("class1", "class2") if ip[name] is None]
            ip_lo, ip_hi = 0, ip_cap
        else:
            count_lo = count_hi = 0
            for field, least, lo, hi in ip_bands:
                if ip[field] >= least:
                    count_lo, count_hi = lo, hi
                    break
            own = ip["class1_self_developed"]
            if class1 + class2 == 0:
                method = (0, 0)
            elif own:
                method = (1, 6)          # A 有自主研发
            elif class2 == 0 and own == 0:
                method = (1, 3)          # B 仅有受让、受赠和并购
            else:
                method = (1, 6)          # Class II items' origin is not in the record
            standards = ip["standards_led"]
            bonus = (1, 2) if standards else (0, 2) if standards is None else (0, 0)
            ip_lo = min(ip_cap, count_lo + method[0] + bonus[0])
            ip_hi = min(ip_cap, count_hi + method[1] + judged_ip + bonus[1])
        # Commercialisation (≤ 30): the yearly average over the last three years (or since founding).
        years = _window(ctx, 3, True)
        results, gaps = _figures(ctx, get_results, "results_commercialized", years)
        if gaps:
            missing += gaps
            conv_lo, conv_hi = 0, conversion[0][2]
            average = None
        else:
            average = sum(results) / len(results)
            conv_lo, conv_hi = band(average, conversion, False)
        # Growth (≤ 20): net assets and sales, each banded; negative or zero growth scores 0.
        rows = [record.years.get(year) for year in range(ctx.year - 3, ctx.year)]
        rates = []
        growth_lo = growth_hi = 0
        for values in ([net_assets(row) for row in rows], [None if row is None else get_revenue(row) for row in rows]):
            founded = record.founded
            if founded is not None and founded.year >= ctx.last:
                rate = NO_GROWTH  # one year of operation: no growth to score (C1)
            else:
                if founded is not None and founded.year >= ctx.year - 2:
                    values[0] = None  # less than three years: the actual period (C1: two years → one ratio)
                rate = _growth_rate(*values)
            if rate is None:
                missing += [f"growth@{ctx.year - 1}"]
                growth_hi += growth[0][2]
                rates.append(None)
                continue
            lo, hi = band(rate, growth, True) if rate > 0 else (0, 0)
            growth_lo, growth_hi = growth_lo + lo, growth_hi + hi
            rates.append(_pct(rate) if rate != NO_GROWTH else None)
        lo = ip_lo + conv_lo + growth_lo
        hi = ip_hi + conv_hi + management + growth_hi
        params = {"ip": [ip_lo, ip_hi], "conversion": [conv_lo, conv_hi], "management": [0, management],
                  "growth": [growth_lo, growth_hi], "lo": lo, "hi": hi, "limit": above,
                  "average": None if average is None else _round(average), "rates": rates}
        actual = lo if lo == hi else [lo, hi]
        if lo > above:
            return Result(key, PASS, actual, above + 1, 0, "point", "innovation_pass", params, lo, hi)
        if hi <= above:
            return Result(key, FAIL, actual, above + 1, above + 1 - hi, "point", "innovation_fail", params, lo, hi)
        if missing:
            params["missing"] = missing
            return Result(key, UNKNOWN, actual, above + 1, None, "point", "innovation_missing", params, lo, hi)
        return Result(key, REVIEW, actual, above + 1, None, "point", "innovation_open", params, lo, hi)
    return evaluate


@kind("little_giant_rd")
def little_giant_rd(key, spec, param):
    """小巨人 2022 新 (1): R&D ÷ revenue in each of the last two years, by that year's revenue band.

    Revenue ≥ 1亿 → ≥ 3%; 5000万–1亿 → ≥ 6%; below 5000万 → equity ≥ 8000万 in two years, R&D ≥ 3000万
    in total and R&D staff ≥ 50% instead.
    """
    upper, upper_min = param(spec["upper_revenue"]), param(spec["upper_min"])
    middle, middle_min = param(spec["middle_revenue"]), param(spec["middle_min"])
    equity_min, rd_total_min = param(spec["small_equity_min"]), param(spec["small_rd_total_min"])
    staff_min = param(spec["small_rd_staff_min"])

    def evaluate(ctx):
        rows = [ctx.record.years.get(year) for year in (ctx.year - 2, ctx.last)]
        missing = [f"{name}@{year}" for year, row in zip((ctx.year - 2, ctx.last), rows, strict=True)
                   for name in ("revenue", "rd_expense") if row is None or getattr(row, name) is None]
        if missing:
            return _missing(key, missing)
        worst = None
        for row in rows:
            if row.revenue < middle:
                worst = ("small", row)
                break
            limit = upper_min if row.revenue >= upper else middle_min
            ratio = round(row.rd_expense / row.revenue, RATIO_DIGITS)
            if worst is None or worst[0] != "small" and ratio - limit < worst[2] - worst[3]:
                worst = ("ratio", row, ratio, limit)
        if worst[0] == "ratio":
            _kind, row, ratio, limit = worst
            ok = ratio >= limit
            params = {"band": "band_lg_upper" if row.revenue >= upper else "band_lg_middle", "year": row.year}
            if not ok:
                params.update(amount=_round(limit * row.revenue - row.rd_expense), figure="rd_expense")
            return Result(key, PASS if ok else FAIL, _pct(ratio), _pct(limit), 0 if ok else _round((limit - ratio) * 100),
                          "pct", "lg_rd_pass" if ok else "lg_rd_fail", params)
        last = rows[-1]
        equity = equity_within(ctx, 2)
        rd_total = round(sum(row.rd_expense for row in rows), SUM_DIGITS)
        if equity is None or last.rd_staff is None or not last.employees:
            gaps = (["equity_financing"] if equity is None else []) + (
                [] if last.rd_staff is not None and last.employees else [f"rd_staff@{ctx.last}", f"employees@{ctx.last}"])
            return _missing(key, gaps)
        staff = round(last.rd_staff / last.employees, RATIO_DIGITS)
        ok = equity >= equity_min and rd_total >= rd_total_min and staff >= staff_min
        return Result(key, PASS if ok else FAIL, _round(rd_total), rd_total_min, 0 if ok else _round(max(0, rd_total_min - rd_total)),
                      "wan", "lg_small_pass" if ok else "lg_small_fail",
                      {"equity": _round(equity), "equity_min": equity_min, "staff": _pct(staff), "staff_min": _pct(staff_min)})
    return evaluate
