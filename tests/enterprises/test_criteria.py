"""The criteria engine against cases built from the official texts (criteria.md Part 2).

Each tier: band boundaries (on, just below, just above), every scoring band, missing figures →
unknown naming the figure, needs_review with its score range, direct pass, validity dates and the
2026-04-01 edition switch. Records are small and written for the test (criteria_records.py).
"""

from __future__ import annotations

import datetime

import pytest

from kechuang.enterprises.criteria import TIERS, RecordError, RuleError, assess

from .criteria_records import YEAR, criterion, record, same_years


def run(data, tier, year=YEAR, date=None):
    return assess(data, year=year, date=date, tiers=[tier])


def status(data, tier, **options):
    return run(data, tier, **options)["tiers"][tier]["status"]


def test_the_public_api_lists_the_tiers_in_ladder_order():
    assert list(TIERS) == ["tech_sme", "high_tech", "innovative_sme", "specialized_sme", "little_giant",
                           "gazelle", "potential_unicorn", "unicorn"]
    assert TIERS["high_tech"] == "高新技术企业"


def test_the_output_has_exactly_the_contract_shape():
    result = assess(record(), year=YEAR)
    assert set(result) == {"uscc", "year", "date", "tiers"}
    assert result["date"] == "2025-06-30" and result["year"] == YEAR
    assert list(result["tiers"]) == list(TIERS)
    for tier in result["tiers"].values():
        assert set(tier) == {"status", "certified", "score", "score_range", "edition", "criteria"}
        assert tier["status"] in {"eligible", "not_eligible", "needs_review", "unknown"}
        for item in tier["criteria"]:
            assert set(item) == {"key", "label", "passed", "actual", "required", "gap", "message"}
            assert item["message"].endswith("。") and item["label"]


def test_without_a_year_it_assesses_the_year_after_the_latest_figures():
    result = assess(record(), tiers=["tech_sme"])
    assert (result["year"], result["date"]) == (2025, "2025-06-30")


# --- 科技型中小企业 ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("employees", "passed"), [(500, True), (501, False), (499, True)])
def test_tech_sme_staff_cap_is_500_inclusive(employees, passed):
    data = record({2024: {"employees": employees, "st_staff": 200}})
    item = criterion(run(data, "tech_sme"), "tech_sme", "size_staff")
    assert item["passed"] is passed
    assert item["gap"] == (0 if passed else employees - 500)


@pytest.mark.parametrize("figure", ["revenue", "total_assets"])
@pytest.mark.parametrize(("value", "passed"), [(20000, True), (20000.5, False), (19999.5, True)])
def test_tech_sme_revenue_and_assets_caps_are_2亿_inclusive(figure, value, passed):
    data = record({2024: {figure: value}})
    key = "size_revenue" if figure == "revenue" else "size_assets"
    result = run(data, "tech_sme")
    assert criterion(result, "tech_sme", key)["passed"] is passed
    if not passed:
        assert result["tiers"]["tech_sme"]["status"] == "not_eligible"
        assert "超过上限 20000 万元" in criterion(result, "tech_sme", key)["message"]


@pytest.mark.parametrize(("st_staff", "points"), [
    (30, 20), (29.9, 16), (25, 16), (24.9, 12), (20, 12), (15, 8), (14.9, 4), (10, 4), (9.9, 0),
])
def test_tech_sme_staff_score_bands_include_their_lower_edge(st_staff, points):
    data = record({2024: {"employees": 100, "st_staff": st_staff}})
    item = criterion(run(data, "tech_sme"), "tech_sme", "st_staff_score")
    assert item["actual"] == points
    assert item["passed"] is (points > 0)


def test_tech_sme_a_zero_staff_score_fails_even_with_a_high_total():
    data = record({2024: {"employees": 100, "st_staff": 9}})
    result = run(data, "tech_sme")
    assert criterion(result, "tech_sme", "total_score")["actual"] == 80  # 0 + 50 + 30
    assert result["tiers"]["tech_sme"]["status"] == "not_eligible"


@pytest.mark.parametrize(("rd", "points"), [(480, 50), (479, 40), (400, 40), (320, 30), (240, 20), (160, 10), (159, 0)])
def test_tech_sme_rd_score_by_revenue_bands(rd, points):
    # revenue 8000: 6% = 480, 5% = 400, 4% = 320, 3% = 240, 2% = 160; cost basis kept out of reach
    data = record({2024: {"rd_expense": rd, "cost_total": 1000000}})
    item = criterion(run(data, "tech_sme"), "tech_sme", "rd_score")
    assert item["actual"] == points


def test_tech_sme_rd_score_takes_the_higher_option_and_says_which():
    # 3% of revenue → 20 points; 30% of costs → 50 points
    data = record({2024: {"rd_expense": 240, "cost_total": 800}})
    item = criterion(run(data, "tech_sme"), "tech_sme", "rd_score")
    assert item["actual"] == 50
    assert "按成本费用支出计" in item["message"]


@pytest.mark.parametrize(("class1", "class2", "points"), [(1, 0, 30), (0, 4, 24), (0, 3, 18), (0, 2, 12), (0, 1, 6), (0, 0, 0)])
def test_tech_sme_ip_score_bands(class1, class2, points):
    data = record(ip={"class1": class1, "class2": class2})
    assert criterion(run(data, "tech_sme"), "tech_sme", "ip_score")["actual"] == points


@pytest.mark.parametrize(("st_staff", "class2", "total", "state"), [
    (20, 3, 60, "eligible"),      # 12 + 30 + 18: on the threshold
    (10, 4, 58, "not_eligible"),  # 4 + 30 + 24: just below
    (20, 4, 66, "eligible"),      # 12 + 30 + 24: above
])
def test_tech_sme_total_score_needs_60(st_staff, class2, total, state):
    data = record({2024: {"employees": 100, "st_staff": st_staff, "rd_expense": 320, "cost_total": 1000000}},
                  ip={"class1": 0, "class2": class2})
    result = run(data, "tech_sme")
    assert result["tiers"]["tech_sme"]["score"] == total
    assert result["tiers"]["tech_sme"]["score_range"] == [total, total]
    assert result["tiers"]["tech_sme"]["status"] == state


def _low_score():
    return record({2024: {"employees": 100, "st_staff": 10, "rd_expense": 100, "cost_total": 1000000}},
                  ip={"class1": 0, "class2": 0})


@pytest.mark.parametrize(("valid_to", "direct"), [("2025-06-30", True), ("2025-06-29", False), ("2026-10-31", True)])
def test_tech_sme_a_valid_hnte_certificate_passes_directly(valid_to, direct):
    data = _low_score()
    data["certifications"] = [{"kind": "high_tech", "number": "GR202221000001", "valid_from": "2022-07-01",
                               "valid_to": valid_to}]
    result = run(data, "tech_sme")
    assert criterion(result, "tech_sme", "direct_pass")["passed"] is direct
    assert result["tiers"]["tech_sme"]["status"] == ("eligible" if direct else "not_eligible")


@pytest.mark.parametrize(("award", "direct"), [
    ({"year": 2020, "level": "national", "rank": 3}, True),      # within the last 5 years, top 3
    ({"year": 2019, "level": "national", "rank": 1}, False),     # 6 years ago
    ({"year": 2024, "level": "national", "rank": 4}, False),
    ({"year": 2024, "level": "provincial", "rank": 1}, False),
])
def test_tech_sme_direct_pass_by_national_award(award, direct):
    data = _low_score()
    data["awards"] = [award]
    data["rd_institution_level"] = "city"
    assert criterion(run(data, "tech_sme"), "tech_sme", "direct_pass")["passed"] is direct


def test_tech_sme_direct_pass_still_needs_the_basic_conditions():
    data = _low_score()
    data["rd_institution_level"] = "provincial"
    assert status(data, "tech_sme") == "eligible"
    data["flags"]["dishonest"] = True
    assert status(data, "tech_sme") == "not_eligible"


def test_tech_sme_absent_flags_read_as_no_record_and_say_so():
    data = record()
    data["flags"] = {}
    result = run(data, "tech_sme")
    item = criterion(result, "tech_sme", "integrity")
    assert item["passed"] is True and "未提供相关记录" in item["message"]
    assert criterion(result, "tech_sme", "resident")["passed"] is True  # a USCC: a resident enterprise


def test_tech_sme_a_missing_figure_is_unknown_and_named():
    data = record({2024: {"employees": None}})
    result = run(data, "tech_sme")
    item = criterion(result, "tech_sme", "size_staff")
    assert item["passed"] is None
    assert "缺少2024年职工总数" in item["message"]
    assert result["tiers"]["tech_sme"]["status"] == "unknown"


# --- 高新技术企业 -----------------------------------------------------------------------------------

def _hnte(**changes):
    return record(**changes)


@pytest.mark.parametrize(("founded", "passed"), [("2024-06-30", True), ("2024-07-01", False), ("2024-06-29", True)])
def test_hnte_registered_at_least_365_days(founded, passed):
    # 2024-06-30 → 2025-06-30 is 365 days
    item = criterion(run(_hnte(founded=founded), "high_tech"), "high_tech", "registered_one_year")
    assert item["passed"] is passed


def test_hnte_rd_ratio_message_prices_the_gap_as_in_the_issue():
    # 3-year sales 8000万, R&D 256万 = 3.2%; latest revenue 5500万 → the 4% band; 4% × 8000 − 256 = 64
    years = {2022: {"revenue": 1000, "rd_expense": 50}, 2023: {"revenue": 1500, "rd_expense": 56},
             2024: {"revenue": 5500, "rd_expense": 150}}
    item = criterion(run(_hnte(years=years), "high_tech"), "high_tech", "rd_ratio")
    assert item["passed"] is False
    assert (item["actual"], item["required"], item["gap"]) == (3.2, 4, 0.8)
    assert item["message"] == (
        "近三年研发费用占销售收入比例 3.2%，低于 4%（最近一年销售收入 5000 万–2 亿元），差 0.8 个百分点，"
        "需再增加研发费用约 64 万元。"
    )


@pytest.mark.parametrize(("latest", "required"), [(5000, 5), (5000.5, 4), (20000, 4), (20000.5, 3), (4999, 5)])
def test_hnte_rd_band_follows_the_latest_years_revenue(latest, required):
    data = _hnte(years={2024: {"revenue": latest}})
    assert criterion(run(data, "high_tech"), "high_tech", "rd_ratio")["required"] == required


@pytest.mark.parametrize(("rd", "passed"), [(1200, True), (1199, False), (1201, True)])
def test_hnte_rd_ratio_edge_is_inclusive(rd, passed):
    # sales 10000 a year → 30000 in 3 years, 4% band → 1200
    data = _hnte(years=same_years(revenue=10000, rd_expense=rd / 3, rd_expense_domestic=rd / 3))
    assert criterion(run(data, "high_tech"), "high_tech", "rd_ratio")["passed"] is passed


def test_hnte_a_young_firm_is_measured_over_its_actual_years():
    data = _hnte(founded="2023-03-01", years={2022: None})
    result = run(data, "high_tech")
    assert criterion(result, "high_tech", "rd_ratio")["passed"] is not None  # 2023–2024 only, not unknown


@pytest.mark.parametrize(("st_staff", "passed"), [(12, True), (11.9, False), (12.1, True)])
def test_hnte_staff_ratio_10_percent(st_staff, passed):
    data = _hnte(years={2024: {"employees": 120, "st_staff": st_staff}})
    item = criterion(run(data, "high_tech"), "high_tech", "st_staff_ratio")
    assert item["passed"] is passed


@pytest.mark.parametrize(("domestic", "passed"), [(0.6, True), (0.599, False)])
def test_hnte_domestic_rd_share_60_percent(domestic, passed):
    data = _hnte(years=same_years(rd_expense=1000, rd_expense_domestic=1000 * domestic))
    assert criterion(run(data, "high_tech"), "high_tech", "rd_domestic_share")["passed"] is passed


@pytest.mark.parametrize(("income", "passed"), [(4800, True), (4799, False), (4801, True)])
def test_hnte_high_tech_income_share_60_percent(income, passed):
    item = criterion(run(_hnte(years={2024: {"high_tech_revenue": income}}), "high_tech"), "high_tech",
                     "high_tech_revenue_share")
    assert item["passed"] is passed
    if not passed:
        assert "需再增加高新技术产品（服务）收入约 1 万元" in item["message"]


def test_hnte_obsolete_domain_names_fail():
    item = criterion(run(_hnte(tech_domain="电子信息技术"), "high_tech"), "high_tech", "tech_domain")
    assert item["passed"] is False


def _innovation(ip, results, net_assets, revenues, founded="2016-05-01"):
    years = {year: {"results_commercialized": results, "total_assets": assets + 1000, "total_liabilities": 1000,
                    "revenue": revenue, "high_tech_revenue": revenue, "rd_expense": revenue * 0.06,
                    "rd_expense_domestic": revenue * 0.06}
             for year, assets, revenue in zip((2022, 2023, 2024), net_assets, revenues, strict=True)}
    return criterion(run(record(years=years, ip=ip, founded=founded), "high_tech"), "high_tech", "innovation_score")


def test_hnte_innovation_score_is_a_range_with_its_parts():
    # Class I self-developed: count 7–8, method 1–6, judged 0–16 → 8–30; 3 results a year → 13–18;
    # net assets and sales +40% twice → 9–10 each; management 0–20.
    item = _innovation({"class1": 1, "class2": 0, "class1_self_developed": 1, "standards_led": 0}, 3,
                       (1000, 1400, 1960), (1000, 1400, 1960))
    assert item["actual"] == [8 + 13 + 18, 30 + 18 + 20 + 20]
    assert item["passed"] is None
    assert "知识产权 8–30 分" in item["message"] and "企业成长性 18–20 分" in item["message"]


def test_hnte_innovation_score_of_70_at_most_fails_and_71_needs_review():
    # Class I acquired only: 7–8 + 1–3 + 0–16 → ≤ 27; no results; growth 0 → hi = 27 + 0 + 20 + 0 = 47
    acquired = {"class1": 1, "class2": 0, "class1_self_developed": 0, "standards_led": 0}
    low = _innovation(acquired, 0, (1000, 1000, 1000), (1000, 1000, 1000))
    assert (low["actual"], low["passed"]) == ([8, 47], False)
    # + 4 results a year (19–24) → hi 71: just above 70, needs the experts
    above = _innovation(acquired, 4, (1000, 1000, 1000), (1000, 1000, 1000))
    assert above["actual"][1] == 71 and above["passed"] is None
    # self-developed (method up to 6) + 2 results (7–12) + sales growth ≥ 25% (≤ 8) → 30 + 12 + 20 + 8 = 70
    own = {"class1": 1, "class2": 0, "class1_self_developed": 1, "standards_led": 0}
    on = _innovation(own, 2, (1000, 1000, 1000), (1000, 1250, 1562.5))
    assert on["actual"][1] == 70 and on["passed"] is False
    assert "须高于" in on["message"] or "达不到高于 70 分" in on["message"]


@pytest.mark.parametrize(("growth", "points"), [(0.35, (9, 10)), (0.25, (7, 8)), (0.15, (5, 6)), (0.05, (3, 4)),
                                                (0.01, (1, 2)), (0.0, (0, 0)), (-0.1, (0, 0))])
def test_hnte_growth_bands(growth, points):
    revenues = (1000, 1000 * (1 + growth), 1000 * (1 + growth) ** 2)
    item = _innovation({"class1": 1, "class2": 0, "class1_self_developed": 1, "standards_led": 0}, 0,
                       (1000, 1000, 1000), revenues)
    # net assets flat → 0; conversion 0: growth is the sales part alone
    low, high = item["actual"]
    assert (low - 8, high - 30 - 20) == points


def test_hnte_needs_review_has_the_score_range_on_the_tier():
    result = run(record(), "high_tech")["tiers"]["high_tech"]
    assert result["status"] == "needs_review"
    assert result["score"] is None and result["score_range"][0] < 71 <= result["score_range"][1]


def test_hnte_missing_results_make_the_score_unknown_when_it_matters():
    data = record(years={2024: {"results_commercialized": None}})
    result = run(data, "high_tech")
    item = criterion(result, "high_tech", "innovation_score")
    assert item["passed"] is None and "缺少2024年科技成果转化数" in item["message"]
    assert result["tiers"]["high_tech"]["status"] == "unknown"


@pytest.mark.parametrize(("valid_to", "certified"), [("2025-06-30", True), ("2025-06-29", False)])
def test_hnte_certified_is_reported_beside_the_assessment(valid_to, certified):
    data = record(certifications=[{"kind": "high_tech", "number": "GR1", "valid_from": "2022-07-01",
                                   "valid_to": valid_to}], years={2024: {"st_staff": 5}})
    result = run(data, "high_tech")["tiers"]["high_tech"]
    assert result["certified"] is certified
    assert result["status"] == "not_eligible"  # a certified firm that would fail at renewal shows up


# --- 创新型中小企业 ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("rd", "points"), [(400, 20), (399, 15), (240, 15), (160, 10), (80, 5), (79, 0)])
def test_innovative_rd_bands_put_an_edge_in_the_higher_band(rd, points):
    data = record({2024: {"rd_expense": rd}})
    assert criterion(run(data, "innovative_sme"), "innovative_sme", "rd_score")["actual"] == points


@pytest.mark.parametrize(("liabilities", "points"), [(4950, 10), (4951, 5), (6750, 5), (6751, 0)])
def test_innovative_debt_bands(liabilities, points):
    data = record({2024: {"total_assets": 9000, "total_liabilities": liabilities}})
    assert criterion(run(data, "innovative_sme"), "innovative_sme", "debt_score")["actual"] == points


@pytest.mark.parametrize(("main", "points"), [(7600 * 1.15, 20), (7600 * 1.149, 15), (7600 * 1.10, 15),
                                              (7600 * 1.05, 10), (7600, 5), (7599, 0)])
def test_innovative_growth_bands(main, points):
    data = record({2023: {"main_revenue": 7600}, 2024: {"main_revenue": main, "revenue": 20000}})
    assert criterion(run(data, "innovative_sme"), "innovative_sme", "growth_score")["actual"] == points


@pytest.mark.parametrize(("main", "points"), [(5600, 20), (5599, 15), (4800, 15), (4400, 10), (4000, 5), (3999, 0)])
def test_innovative_main_business_bands(main, points):
    data = record({2023: {"main_revenue": 3000}, 2024: {"main_revenue": main}})
    assert criterion(run(data, "innovative_sme"), "innovative_sme", "main_business_score")["actual"] == points


@pytest.mark.parametrize(("ip", "points"), [
    ({"class1_high_value": 1}, 20), ({"class1_high_value": 0, "class1_self_developed": 1}, 15),
    ({"class1_self_developed": 0, "class1": 1}, 10), ({"class1": 0, "class1_self_developed": 0, "class2": 1}, 5),
    ({"class1": 0, "class1_self_developed": 0, "class2": 0}, 0),
])
def test_innovative_ip_bands(ip, points):
    assert criterion(run(record(ip=ip), "innovative_sme"), "innovative_sme", "ip_score")["actual"] == points


def test_innovative_group_minimum_fails_even_with_a_high_total():
    # innovation: IP 0 + R&D 15 = 15 < 20; total 15 + 20 + 10 + 10 + 20 = 75
    data = record({2024: {"rd_expense": 240}}, ip={"class1": 0, "class1_self_developed": 0, "class2": 0})
    result = run(data, "innovative_sme")
    assert criterion(result, "innovative_sme", "innovation_group")["passed"] is False
    assert result["tiers"]["innovative_sme"]["score"] == 75
    assert result["tiers"]["innovative_sme"]["status"] == "not_eligible"


@pytest.mark.parametrize(("amount", "state"), [(500, "eligible"), (499, "not_eligible")])
def test_innovative_direct_pass_by_equity_of_500万_in_three_years(amount, state):
    data = record({2024: {"rd_expense": 240}}, ip={"class1": 0, "class1_self_developed": 0, "class2": 0},
                  equity_financing=[{"date": "2023-01-15", "amount": amount}], rd_institution_level="city")
    assert status(data, "innovative_sme") == state


def test_innovative_direct_pass_by_a_valid_hnte_certificate():
    data = record({2024: {"rd_expense": 0}}, ip={"class1": 0, "class1_self_developed": 0, "class2": 0},
                  certifications=[{"kind": "high_tech", "number": "GR2", "valid_from": "2023-01-01",
                                   "valid_to": "2025-12-31"}])
    result = run(data, "innovative_sme")
    assert criterion(result, "innovative_sme", "direct_pass")["actual"] == "innovation_titles"
    assert result["tiers"]["innovative_sme"]["status"] == "eligible"


def test_innovative_a_missing_part_that_cannot_change_the_result_still_decides():
    data = record({2024: {"total_liabilities": None}})
    tier = run(data, "innovative_sme")["tiers"]["innovative_sme"]
    assert tier["score_range"] == [85, 95] and tier["status"] == "eligible"


def test_innovative_unknown_field_gives_a_score_range():
    data = record(strategic_emerging=None)
    result = run(data, "innovative_sme")["tiers"]["innovative_sme"]
    assert result["score_range"] == [90, 95]  # 15 + 20 + 20 + 10 + (5 or 10) + 20
    assert result["status"] == "eligible"  # even the lowest total passes every threshold


# --- 专精特新中小企业 -------------------------------------------------------------------------------

@pytest.mark.parametrize(("date", "edition"), [("2026-03-31", "2022"), ("2026-04-01", "2026")])
def test_specialized_edition_switches_on_2026_04_01(date, edition):
    result = run(record(), "specialized_sme", year=2026, date=datetime.date.fromisoformat(date))
    assert result["tiers"]["specialized_sme"]["edition"] == edition
    keys = [item["key"] for item in result["tiers"]["specialized_sme"]["criteria"]]
    assert ("prerequisite_title" in keys) is (edition == "2026")


def test_the_default_date_of_2026_is_after_the_switch():
    assert run(record(), "little_giant", year=2026)["tiers"]["little_giant"]["edition"] == "2026"
    assert run(record(), "little_giant", year=2025)["tiers"]["little_giant"]["edition"] == "2022"


@pytest.mark.parametrize(("niche", "passed"), [(2, True), (1.9, False), (2.1, True)])
def test_specialized_2022_niche_two_years(niche, passed):
    assert criterion(run(record(niche_years=niche), "specialized_sme"), "specialized_sme", "niche_years")["passed"] is passed


@pytest.mark.parametrize(("revenue", "equity", "passed"), [
    (1000, 0, True), (999, 0, False), (999, 2000, True), (999, 1999, False),
])
def test_specialized_2022_revenue_or_equity(revenue, equity, passed):
    data = record({2024: {"revenue": revenue, "main_revenue": revenue, "rd_expense": 100}},
                  equity_financing=[{"date": "2024-05-01", "amount": equity}])
    assert criterion(run(data, "specialized_sme"), "specialized_sme", "revenue")["passed"] is passed


@pytest.mark.parametrize(("rd", "amount_ok", "ratio_ok"), [(300, True, True), (99, False, False), (100, True, False)])
def test_specialized_2022_rd_100万_and_3_percent(rd, amount_ok, ratio_ok):
    data = record({2024: {"rd_expense": rd, "revenue": 10000}})
    result = run(data, "specialized_sme")
    assert criterion(result, "specialized_sme", "rd_expense")["passed"] is amount_ok
    assert criterion(result, "specialized_sme", "rd_ratio")["passed"] is ratio_ok


def test_specialized_2022_score_with_judged_parts_needs_review_with_its_range():
    # Low figures: the computed parts alone do not reach 60, the judged 30 points could.
    data = record({2024: {"net_profit": 0, "rd_staff": 0}}, niche_years=2, rd_institution_level="county",
                  ip={"class1": 0, "class1_self_developed": 0, "class2": 1})
    result = run(data, "specialized_sme")["tiers"]["specialized_sme"]
    low, high = result["score_range"]
    assert low < 60 <= high and high - low == 30
    assert result["score"] is None and result["status"] == "needs_review"


def test_specialized_2022_direct_pass_by_two_year_average_rd_of_1000万():
    data = record({2023: {"rd_expense": 1000}, 2024: {"rd_expense": 1000, "net_profit": 0, "rd_staff": 0}},
                  niche_years=2, rd_institution_level="county", ip={"class1": 0, "class1_self_developed": 0, "class2": 0})
    result = run(data, "specialized_sme")
    assert criterion(result, "specialized_sme", "direct_pass")["actual"] == "rd_average"
    assert result["tiers"]["specialized_sme"]["status"] == "eligible"


def _specialized_2026(**changes):
    fields = {"certifications": [{"kind": "innovative_sme", "number": "CX1", "valid_from": "2024-01-01",
                                  "valid_to": "2026-12-31"}], "quality_score": 55, **changes}
    data = record(**fields)
    return run(data, "specialized_sme", year=2026, date=datetime.date(2026, 6, 30))


def test_specialized_2026_needs_review_for_market_share_only():
    result = _specialized_2026(years={2025: dict()})
    tier = result["tiers"]["specialized_sme"]
    assert tier["status"] == "needs_review"
    assert [item["key"] for item in tier["criteria"] if item["passed"] is None] == ["market_share"]


def test_specialized_2026_requires_the_prerequisite_title():
    data = record(years={2025: {}}, quality_score=55)
    result = run(data, "specialized_sme", year=2026)
    assert criterion(result, "specialized_sme", "prerequisite_title")["passed"] is False
    assert result["tiers"]["specialized_sme"]["status"] == "not_eligible"


@pytest.mark.parametrize(("rd_2024", "passed"), [(210, True), (209, False)])
def test_specialized_2026_rd_ratio_in_each_of_two_years(rd_2024, passed):
    # 2024 revenue 7000 → 3% is 210; 2025 is well above
    result = _specialized_2026(years={2024: {"revenue": 7000, "main_revenue": 6800, "rd_expense": rd_2024}, 2025: {}})
    item = criterion(result, "specialized_sme", "rd_ratio")
    assert item["passed"] is passed
    if not passed:
        assert "需再增加研发费用约 1 万元" in item["message"]


@pytest.mark.parametrize(("revenue", "passed"), [(1500, True), (1499, False)])
def test_specialized_2026_revenue_floor_1500万(revenue, passed):
    result = _specialized_2026(years={2025: {"revenue": revenue, "main_revenue": revenue, "rd_expense": 100,
                                             "high_tech_revenue": revenue}})
    assert criterion(result, "specialized_sme", "revenue")["passed"] is passed


@pytest.mark.parametrize(("liabilities", "passed"), [(7200, True), (7201, False)])
def test_specialized_2026_debt_ratio_at_most_80_percent(liabilities, passed):
    result = _specialized_2026(years={2025: {"total_assets": 9000, "total_liabilities": liabilities}})
    assert criterion(result, "specialized_sme", "debt_ratio")["passed"] is passed


def test_specialized_2026_class1_ip_exempt_with_a_provincial_institution():
    result = _specialized_2026(years={2025: {}}, ip={"class1": 0, "class1_self_developed": 0},
                               rd_institution_level="provincial")
    assert criterion(result, "specialized_sme", "class1_ip")["passed"] is True
    result = _specialized_2026(years={2025: {}}, ip={"class1": 0, "class1_self_developed": 0},
                               rd_institution_level="city")
    assert criterion(result, "specialized_sme", "class1_ip")["passed"] is False


@pytest.mark.parametrize(("score", "passed"), [(50, True), (49.5, False), (None, None)])
def test_specialized_2026_platform_quality_score(score, passed):
    result = _specialized_2026(years={2025: {}}, quality_score=score) if score is not None else run(
        record(years={2025: {}}, certifications=[{"kind": "tech_sme", "number": "K1", "valid_from": "2026-01-01",
                                                  "valid_to": "2026-12-31"}]),
        "specialized_sme", year=2026)
    assert criterion(result, "specialized_sme", "quality_score")["passed"] is passed


# --- 专精特新"小巨人" -------------------------------------------------------------------------------

def test_little_giant_2022_at_best_needs_review_for_chain_and_product():
    data = record({2023: {"rd_expense": 600}, 2024: {"rd_expense": 600}}, rd_institution_level="city")
    tier = run(data, "little_giant")["tiers"]["little_giant"]
    assert tier["status"] == "needs_review"
    judged = {item["key"] for item in tier["criteria"] if item["passed"] is None}
    assert {"chain_role", "product_field"} <= judged


@pytest.mark.parametrize(("revenue", "rd", "passed"), [
    (10000, 300, True), (10000, 299, False), (9999, 300, False), (9999, 599.94, True), (5000, 300, True),
])
def test_little_giant_2022_rd_ratio_by_revenue_band(revenue, rd, passed):
    data = record({2023: {"revenue": revenue, "rd_expense": rd}, 2024: {"revenue": revenue, "rd_expense": rd}})
    assert criterion(run(data, "little_giant"), "little_giant", "rd_ratio")["passed"] is passed


@pytest.mark.parametrize(("equity", "passed"), [(8000, True), (7999, False)])
def test_little_giant_2022_small_firms_route(equity, passed):
    data = record({2023: {"revenue": 4000, "rd_expense": 1500}, 2024: {"revenue": 4000, "rd_expense": 1500,
                   "employees": 100, "rd_staff": 50}}, equity_financing=[{"date": "2024-01-10", "amount": equity}])
    assert criterion(run(data, "little_giant"), "little_giant", "rd_ratio")["passed"] is passed


@pytest.mark.parametrize(("liabilities", "passed"), [(6300, True), (6301, False)])
def test_little_giant_2022_debt_ratio_70_percent(liabilities, passed):
    data = record({2024: {"total_assets": 9000, "total_liabilities": liabilities}})
    assert criterion(run(data, "little_giant"), "little_giant", "debt_ratio")["passed"] is passed


@pytest.mark.parametrize(("share", "passed"), [(0.10, True), (0.099, False)])
def test_little_giant_2022_market_share_10_percent(share, passed):
    assert criterion(run(record(market_share=share), "little_giant"), "little_giant", "market_share")["passed"] is passed


def _giant_2026(**changes):
    base = {"certifications": [{"kind": "specialized_sme", "number": "ZJ1", "valid_from": "2024-01-01",
                                "valid_to": "2027-01-01"}], "quality_score": 65,
            "ip": {"class1": 4, "class1_self_developed": 4},
            "years": {2024: {"rd_expense": 600}, 2025: {"main_revenue": 7800, "rd_expense": 600}}}
    base.update(changes)
    return run(record(**base), "little_giant", year=2026)


def test_little_giant_2026_needs_review_only_for_the_product_field():
    tier = _giant_2026()["tiers"]["little_giant"]
    assert tier["status"] == "needs_review", [(i["key"], i["message"]) for i in tier["criteria"] if not i["passed"]]
    assert [item["key"] for item in tier["criteria"] if item["passed"] is None] == ["product_field"]


@pytest.mark.parametrize(("own", "award", "passed"), [
    (4, None, True), (3, None, False), (3, {"year": 2024, "level": "national", "rank": 3}, True),
    (3, {"year": 2024, "level": "provincial", "rank": 1}, False),
])
def test_little_giant_2026_four_own_class1_ip_or_a_national_award(own, award, passed):
    result = _giant_2026(ip={"class1": 6, "class1_self_developed": own}, awards=[award] if award else [])
    assert criterion(result, "little_giant", "class1_ip")["passed"] is passed


@pytest.mark.parametrize(("rank", "share", "passed"), [(3, 0.05, True), (4, 0.05, False), (None, 0.10, True)])
def test_little_giant_2026_market_share_or_top_three(rank, share, passed):
    result = _giant_2026(market_rank=rank, market_share=share)
    assert criterion(result, "little_giant", "market_share")["passed"] is passed


@pytest.mark.parametrize(("rd", "passed"), [(600, True), (599, False)])
def test_little_giant_2026_rd_total_1200万_in_two_years(rd, passed):
    result = _giant_2026(years={2024: {"rd_expense": 600}, 2025: {"rd_expense": rd, "main_revenue": 7800}})
    assert criterion(result, "little_giant", "rd_expense")["passed"] is passed


# --- 瞪羚、潜在独角兽、独角兽 -------------------------------------------------------------------------

@pytest.mark.parametrize(("latest", "passed"), [(1440, True), (1439, False), (1441, True)])
def test_gazelle_cagr_20_percent_over_the_window(latest, passed):
    # base 2022: 1000 → 2024: 1440 is exactly 20% a year
    data = record({2022: {"revenue": 1000}, 2023: {"revenue": 1200}, 2024: {"revenue": latest}})
    assert criterion(run(data, "gazelle"), "gazelle", "revenue_cagr")["passed"] is passed


@pytest.mark.parametrize(("base", "passed"), [(1000, True), (999, False)])
def test_gazelle_base_year_revenue_floor(base, passed):
    data = record({2022: {"revenue": base}, 2023: {"revenue": base * 1.3}, 2024: {"revenue": base * 1.6}})
    result = run(data, "gazelle")
    assert criterion(result, "gazelle", "revenue_floor")["passed"] is passed
    assert result["tiers"]["gazelle"]["status"] == ("eligible" if passed else "not_eligible")


def test_gazelle_needs_positive_growth_in_the_latest_year():
    data = record({2022: {"revenue": 1000}, 2023: {"revenue": 2000}, 2024: {"revenue": 2000}})
    result = run(data, "gazelle")
    assert criterion(result, "gazelle", "revenue_cagr")["passed"] is True
    assert criterion(result, "gazelle", "latest_growth")["passed"] is False


@pytest.mark.parametrize(("founded", "passed"), [("2015-06-30", True), ("2015-07-01", True), ("2014-06-30", False)])
def test_gazelle_age_at_most_ten_full_years(founded, passed):
    assert criterion(run(record(founded=founded), "gazelle"), "gazelle", "age")["passed"] is passed


def test_gazelle_fast_scale_up_route():
    data = record({2024: {"revenue": 50000}}, founded="2021-01-01")
    result = run(data, "gazelle")
    assert criterion(result, "gazelle", "scale_up")["passed"] is True
    assert result["tiers"]["gazelle"]["status"] == "eligible"


@pytest.mark.parametrize(("founded", "valuation", "passed"), [
    ("2020-06-30", 100_000_000, True), ("2020-06-30", 99_999_999, False),   # 5 full years: ≥ US$100M
    ("2019-06-29", 100_000_000, False), ("2019-06-29", 500_000_000, True),  # 6 years: ≥ US$500M
])
def test_potential_unicorn_valuation_by_age(founded, valuation, passed):
    data = record(founded=founded, valuation_usd=valuation, funding_total_usd=30_000_000)
    assert criterion(run(data, "potential_unicorn"), "potential_unicorn", "valuation")["passed"] is passed


@pytest.mark.parametrize(("valuation", "funding", "state"), [
    (1_000_000_000, 50_000_000, "eligible"), (999_999_999, 50_000_000, "not_eligible"),
    (1_000_000_000, 49_999_999, "not_eligible"), (None, 50_000_000, "unknown"),
])
def test_unicorn_gei_thresholds(valuation, funding, state):
    data = record(founded="2018-01-01", valuation_usd=valuation, funding_total_usd=funding)
    result = run(data, "unicorn")
    assert result["tiers"]["unicorn"]["status"] == state
    if state == "unknown":
        assert "缺少最近一轮估值" in criterion(result, "unicorn", "valuation")["message"]


def test_a_listed_firm_is_no_unicorn():
    data = record(founded="2018-01-01", valuation_usd=2e9, funding_total_usd=1e8, listed=True)
    assert status(data, "unicorn") == "not_eligible"


# --- the record --------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "field"), [
    ({"years": [{"year": 2024, "revenue": True}]}, "years[0].revenue"),
    ({"years": [{"year": 2024, "revenue": "8000"}]}, "years[0].revenue"),
    ({"years": [{"year": 2024}, {"year": 2024}]}, "years[1].year"),
    ({"years": [{"revenue": 1}]}, "years[0].year"),
    ({"founded": "2016/05/01"}, "founded"),
    ({"market_share": 12}, "market_share"),
    ({"certifications": [{"number": "x"}]}, "certifications[0].kind"),
    ({"awards": [{"year": 2024, "level": "world"}]}, "awards[0].level"),
])
def test_a_malformed_record_names_the_field(change, field):
    data = record()
    data.update(change)
    with pytest.raises(RecordError) as caught:
        assess(data, year=YEAR)
    assert caught.value.message.params["field"] == field


def test_an_unknown_tier_is_refused():
    with pytest.raises(RuleError):
        assess(record(), year=YEAR, tiers=["dragon"])


# --- every scoring band of the 2022 专精特新 table and the remaining tiers' missing data ------------

def _specialized_points(key, data):
    return criterion(run(data, "specialized_sme"), "specialized_sme", key)["actual"]


@pytest.mark.parametrize(("main", "points"), [(6400, 5), (6399, 3), (5600, 3), (4800, 1), (4799, 0)])
def test_specialized_2022_main_business_share_bands(main, points):
    assert _specialized_points("main_business_share_score", record({2024: {"main_revenue": main}})) == points


@pytest.mark.parametrize(("rate", "points"), [(0.10, 10), (0.08, 8), (0.06, 6), (0.04, 4), (0.0, 2), (-0.01, 0)])
def test_specialized_2022_main_growth_bands(rate, points):
    years = {2022: {"main_revenue": 5000}, 2023: {"main_revenue": 5000 * (1 + rate)},
             2024: {"main_revenue": 5000 * (1 + rate) ** 2, "revenue": 20000}}
    assert _specialized_points("main_growth_score", record(years)) == points


@pytest.mark.parametrize(("niche", "points"), [(1.9, 0), (2, 1), (5.9, 2), (10, 5), (14, 5)])
def test_specialized_2022_niche_years_one_point_per_two_years(niche, points):
    assert _specialized_points("niche_years_score", record(niche_years=niche)) == points


@pytest.mark.parametrize(("profit", "points"), [(800, 10), (799, 8), (640, 8), (480, 6), (320, 4), (160, 2), (159, 0)])
def test_specialized_2022_net_margin_bands(profit, points):
    assert _specialized_points("net_margin_score", record({2024: {"net_profit": profit}})) == points


@pytest.mark.parametrize(("liabilities", "points"), [(4500, 5), (4501, 3), (5400, 3), (6300, 1), (6301, 0)])
def test_specialized_2022_debt_bands(liabilities, points):
    assert _specialized_points("debt_score", record({2024: {"total_assets": 9000, "total_liabilities": liabilities}})) == points


@pytest.mark.parametrize(("rd", "revenue", "points"), [
    (500, 100000, 10), (499, 100000, 8), (400, 100000, 8), (300, 100000, 6), (200, 100000, 4), (100, 100000, 2),
    (99, 100000, 0), (99, 990, 10), (80, 1000, 8), (30, 1000, 2), (29, 1000, 0),
])
def test_specialized_2022_rd_input_by_amount_or_ratio(rd, revenue, points):
    data = record({2024: {"rd_expense": rd, "revenue": revenue}})
    assert _specialized_points("rd_score", data) == points


@pytest.mark.parametrize(("staff", "points"), [(20, 5), (19, 3), (10, 3), (5, 1), (4, 0)])
def test_specialized_2022_rd_staff_bands(staff, points):
    assert _specialized_points("rd_staff_score", record({2024: {"employees": 100, "rd_staff": staff}})) == points


@pytest.mark.parametrize(("level", "points"), [("national", 10), ("provincial", 8), ("city", 4), ("county", 2), ("none", 0)])
def test_specialized_2022_rd_institution_levels(level, points):
    assert _specialized_points("rd_institution_score", record(rd_institution_level=level)) == points


@pytest.mark.parametrize(("ip", "points"), [
    ({"class1_high_value": 1}, 10), ({"class1_self_developed": 1}, 8), ({"class1_self_developed": 0, "class1": 1}, 6),
    ({"class1": 0, "class1_self_developed": 0, "class2": 1}, 2), ({"class1": 0, "class1_self_developed": 0, "class2": 0}, 0),
])
def test_specialized_2022_ip_bands(ip, points):
    assert _specialized_points("ip_score", record(ip=ip)) == points


@pytest.mark.parametrize(("emerging", "points"), [(True, 10), (False, 5)])
def test_innovative_field_score(emerging, points):
    data = record(strategic_emerging=emerging)
    assert criterion(run(data, "innovative_sme"), "innovative_sme", "field_score")["actual"] == points


@pytest.mark.parametrize(("results", "band"), [(5, [25, 30]), (4, [19, 24]), (3, [13, 18]), (2, [7, 12]), (1, [1, 6]), (0, [0, 0])])
def test_hnte_commercialisation_bands(results, band):
    own = {"class1": 1, "class2": 0, "class1_self_developed": 1, "standards_led": 0}
    item = _innovation(own, results, (1000, 1000, 1000), (1000, 1000, 1000))
    assert [item["actual"][0] - 8, item["actual"][1] - 30 - 20] == band


@pytest.mark.parametrize(("tier", "year", "change", "figure"), [
    ("innovative_sme", YEAR, {"years": {2024: {"revenue": None}}}, "2024年销售（营业）收入"),
    ("specialized_sme", YEAR, {"niche_years": None}, "从事细分市场年限"),
    ("little_giant", YEAR, {"market_share": None, "rd_institution_level": "city"}, "细分市场占有率"),
    ("little_giant", 2026, {"years": {2025: {"revenue": 9000}}}, "2024年研发费用"),
    ("gazelle", YEAR, {"years": {2022: {"revenue": None}}}, "2022年销售（营业）收入"),
    ("potential_unicorn", YEAR, {"founded": None}, "成立日期"),
])
def test_missing_figures_make_a_tier_unknown_and_are_named(tier, year, change, figure):
    fields = dict(change)
    if tier == "little_giant" and year == 2026:
        fields["years"] = {2024: {"rd_expense": None}, 2025: {"revenue": 9000, "main_revenue": 8500}}
        fields.update(certifications=[{"kind": "specialized_sme", "number": "Z", "valid_from": "2025-01-01",
                                       "valid_to": "2027-12-31"}], ip={"class1": 4, "class1_self_developed": 4})
    if tier == "potential_unicorn":
        fields.update(valuation_usd=2e8, funding_total_usd=1e7)
    result = run(record(**fields), tier, year=year)
    messages = [item["message"] for item in result["tiers"][tier]["criteria"] if item["passed"] is None]
    assert any(figure in message for message in messages), messages
    assert result["tiers"][tier]["status"] == "unknown"


@pytest.mark.parametrize(("valid_to", "passed"), [("2026-06-30", True), ("2026-06-29", False)])
def test_a_prerequisite_title_must_be_valid_on_the_assessment_date(valid_to, passed):
    data = record(years={2025: {}}, certifications=[{"kind": "specialized_sme", "number": "Z", "valid_from": "2023-07-01",
                                                     "valid_to": valid_to}])
    result = run(data, "little_giant", year=2026)
    assert criterion(result, "little_giant", "prerequisite_title")["passed"] is passed
