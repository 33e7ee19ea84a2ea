"""Assessments in the app: the engine over verified figures, stored per tier; pools, funnel, section."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from kechuang.enterprises import services
from kechuang.enterprises.assessments import assess_enterprises, default_year, relative_gap, summarize
from kechuang.enterprises.choices import RunStatus, Tier
from kechuang.enterprises.criteria import TIERS, assess
from kechuang.enterprises.models import Assessment, AssessmentRun, Certification, Enterprise, PoolSettings
from kechuang.enterprises.pools import funnel, pool
from kechuang.enterprises.selectors import assessment_record
from kechuang.plans.services import create_plan

from .conftest import FIGURES_2024

pytestmark = pytest.mark.django_db
YEAR = default_year()


def test_the_stored_assessment_is_the_engine_output_of_the_verified_record(firms):
    a, _b = firms
    assess_enterprises([a.pk], 2025)
    expected = assess(assessment_record(a, 2025), year=2025)
    stored = {row.tier: row for row in Assessment.objects.filter(enterprise=a, year=2025)}
    assert set(stored) == set(TIERS) == set(Tier.values)
    for tier, result in expected["tiers"].items():
        row = stored[tier]
        assert row.status == result["status"] and row.certified == result["certified"]
        assert row.criteria == result["criteria"]
        assert row.failing_count == sum(1 for c in result["criteria"] if c["passed"] is False)
        assert [g["key"] for g in row.gaps] == [c["key"] for c in result["criteria"] if c["passed"] is not True]
    # Running again replaces, never duplicates.
    assess_enterprises([a.pk], 2025)
    assert Assessment.objects.filter(enterprise=a, year=2025).count() == len(TIERS)


def test_the_gap_summary_measures_failing_criteria_against_their_requirement():
    assert relative_gap({"gap": 1.25, "required": 4}) == 0.3125
    assert relative_gap({"gap": None, "required": 4}) is None
    assert relative_gap({"gap": True, "required": True}) is None
    result = {"status": "not_eligible", "certified": False, "score": None, "score_range": [21, 68], "edition": "2016",
              "criteria": [{"key": "a", "passed": True, "gap": 0, "required": 1},
                           {"key": "b", "passed": False, "gap": 1, "required": 10},
                           {"key": "c", "passed": False, "gap": 3, "required": 71},
                           {"key": "d", "passed": None, "gap": None, "required": 5}]}
    fields = summarize(result)
    assert (fields["failing_count"], fields["reach_gap"], fields["score_min"], fields["score_max"]) == (2, 0.1, 21, 68)
    assert [g["key"] for g in fields["gaps"]] == ["b", "c", "d"]
    result["criteria"][1]["gap"] = None  # a failing criterion whose gap cannot be measured is not within reach
    assert summarize(result)["reach_gap"] is None


def _row(enterprise, tier, status, *, failing=0, reach=0.0, score=None, certified=False):
    return Assessment.objects.create(
        enterprise=enterprise, year=YEAR, tier=tier, status=status, failing_count=failing, reach_gap=reach, score=score,
        certified=certified, computed_at=timezone.now(),
        gaps=[{"key": "rd_ratio", "passed": False, "message": f"差距{reach}"}] * failing,
    )


@pytest.fixture
def crowd(personas, firms):
    """Six enterprises' high_tech assessments: the pool's every case."""
    from tests.conftest import make_org

    a, b = firms
    more = [Enterprise.objects.create(organization=make_org(f"大连丙{n}科技有限公司")) for n in range(4)]
    _row(a, "high_tech", "eligible", score=80)
    _row(b, "high_tech", "not_eligible", failing=1, reach=0.1)
    _row(more[0], "high_tech", "not_eligible", failing=2, reach=0.05)
    _row(more[1], "high_tech", "not_eligible", failing=1, reach=0.5)  # too far
    _row(more[2], "high_tech", "eligible", score=90, certified=True)  # already certified
    _row(more[3], "high_tech", "needs_review")
    return a, b, more


def test_the_pool_holds_eligible_and_within_reach_enterprises_ranked(crowd):
    a, b, more = crowd
    ranked = [row.enterprise_id for row in pool("high_tech", YEAR)]
    assert ranked == [a.pk, more[3].pk, b.pk, more[0].pk]
    PoolSettings.objects.create(tier="high_tech", max_failing=1, max_relative_gap=0.6)
    ranked = [row.enterprise_id for row in pool("high_tech", YEAR)]
    assert ranked == [a.pk, more[3].pk, b.pk, more[1].pk]
    assert [row.enterprise_id for row in pool("high_tech", YEAR, region="210203")] == []


def test_the_pool_page_settings_and_export_are_the_bureaus(crowd, personas, client_for):
    a, b, more = crowd
    assert client_for(personas.alice).get("/enterprises/pools/high_tech/").status_code == 403
    assert client_for(personas.alice).get("/enterprises/pools/high_tech/export/").status_code == 403
    assert client_for(personas.alice).get("/enterprises/funnel/").status_code == 403
    admin = client_for(personas.admin)
    page = admin.get("/enterprises/pools/high_tech/").text
    assert page.index("大连甲科技有限公司") < page.index("大连乙科技有限公司") and "大连丙1科技有限公司" not in page
    admin.post("/enterprises/pools/high_tech/settings/", {"max_failing": "1", "max_relative_gap_percent": "60"})
    assert "大连丙1科技有限公司" in admin.get("/enterprises/pools/high_tech/").text
    export = admin.get("/enterprises/pools/high_tech/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("排名", "企业名称", "统一社会信用代码")
    assert [r[1] for r in rows[1:]] == ["大连甲科技有限公司", "大连丙3科技有限公司", "大连乙科技有限公司", "大连丙1科技有限公司"]
    assert rows[3][5] == "接近条件" and rows[3][8] == "差距0.1"


def test_the_funnel_counts_certified_eligible_and_pool_per_tier(crowd):
    a, _b, _more = crowd
    Certification.objects.create(enterprise=a, tier="tech_sme", valid_from=datetime.date(YEAR - 1, 1, 1),
                                 valid_to=datetime.date(YEAR, 12, 31))
    steps = {step.tier: step for step in funnel(YEAR)}
    assert [step.tier for step in funnel(YEAR)] == list(Tier.values)
    assert (steps["high_tech"].certified, steps["high_tech"].eligible, steps["high_tech"].pool) == (0, 2, 4)
    assert steps["tech_sme"].certified == 1


def test_verifying_figures_reassesses_the_enterprise(firms, personas, django_capture_on_commit_callbacks):
    a, _b = firms
    last = YEAR - 1
    assess_enterprises([a.pk], YEAR)
    before = Assessment.objects.get(enterprise=a, year=YEAR, tier="high_tech").criteria
    with django_capture_on_commit_callbacks(execute=True):
        figures = {**FIGURES_2024, "employees": 130, "st_staff": 10}
        submitted = services.save_figures(a, actor=personas.alice, year=last, figures=figures, submit=True)
        services.verify_figures(submitted, actor=personas.admin)
    stored = Assessment.objects.filter(enterprise=a, year=YEAR)
    assert stored.count() == len(TIERS)
    after = stored.get(tier="high_tech").criteria
    assert after == assess(assessment_record(a, YEAR), year=YEAR)["tiers"]["high_tech"]["criteria"]
    assert after != before
    assert next(c for c in after if c["key"] == "st_staff_ratio")["actual"] == pytest.approx(100 * 10 / 130, abs=0.01)


def test_a_run_assesses_every_enterprise_with_progress(firms, personas, client_for, django_capture_on_commit_callbacks):
    admin = client_for(personas.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post("/enterprises/assessments/", {"year": "2025"})
    run = AssessmentRun.objects.get()
    assert response["Location"] == f"/enterprises/assessments/{run.pk}/"
    assert (run.status, run.processed, run.total, run.percent) == (RunStatus.SUCCEEDED, 2, 2, 100)
    assert Assessment.objects.filter(year=2025).count() == 2 * len(TIERS)
    assert "已评价 2 / 2 家企业" in admin.get(response["Location"], HTTP_HX_REQUEST="true").text
    assert client_for(personas.alice).post("/enterprises/assessments/", {"year": "2025"}).status_code == 403


def test_an_enterprise_sees_its_own_assessment_and_gaps_only(firms, personas, client_for):
    a, b = firms
    assess_enterprises([a.pk, b.pk], YEAR)
    alice = client_for(personas.alice)
    page = alice.get(f"/enterprises/{a.pk}/").text
    message = Assessment.objects.get(enterprise=a, year=YEAR, tier="high_tech").gaps[0]["message"]
    assert "梯度评价与差距" in page and message in page
    assert alice.get(f"/enterprises/{b.pk}/").status_code == 404
    assert Decimal(str(FIGURES_2024["rd_expense"])) == 520


def test_the_plan_dashboard_shows_tier_counts_to_the_bureau_only(crowd, personas, client_for):
    plan = create_plan(actor=None, title="科技创新行动方案", start_year=YEAR - 1, end_year=YEAR + 1)
    url = f"/plans/{plan.pk}/"
    page = client_for(personas.admin).get(url).text
    assert 'data-testid="tier-section"' in page and "高新技术企业" in page
    assert 'data-testid="tier-section"' not in client_for(personas.staff_a).get(url).text


def test_the_annual_report_has_the_tier_chapter_for_the_bureau_only(crowd, personas, client_for):
    from docx import Document

    plan = create_plan(actor=None, title="科技创新行动方案", start_year=YEAR - 1, end_year=YEAR + 1)

    def report_text(user) -> str:
        response = client_for(user).get(f"/plans/{plan.pk}/report/", {"as_of": YEAR})
        assert response.status_code == 200
        document = Document(io.BytesIO(response.content))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)

    text = report_text(personas.admin)
    assert "创新主体梯度培育" in text and "持有有效认定的创新主体：" in text
    high_tech = TIERS["high_tech"]
    # The tier table: certified 0, eligible 2, in the pool 4 (the crowd's high_tech cases).
    assert f"{high_tech}\n0\n2\n4" in text
    assert "创新主体梯度培育" not in report_text(personas.staff_a)
