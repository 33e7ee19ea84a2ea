"""Enterprise A cannot read or change B's data; a secretary sees only assigned enterprises; others nothing."""

from __future__ import annotations

import json

import pytest

from kechuang.enterprises import services
from kechuang.enterprises.choices import FiguresStatus
from kechuang.enterprises.models import EnterpriseAnnual

pytestmark = pytest.mark.django_db


def test_the_bureau_lists_every_enterprise_and_others_are_scoped(firms, personas, client_for):
    a, b = firms
    page = client_for(personas.admin).get("/enterprises/")
    assert page.status_code == 200
    assert "大连甲科技有限公司" in page.text and "大连乙科技有限公司" in page.text
    # An enterprise user goes to their own page; staff of other units see no registry at all.
    assert client_for(personas.alice).get("/enterprises/").url == "/enterprises/mine/"
    assert client_for(personas.alice).get("/enterprises/mine/").url == f"/enterprises/{a.pk}/"
    assert client_for(personas.staff_a).get("/enterprises/").status_code == 404
    assert client_for(personas.expert).get(f"/enterprises/{a.pk}/").status_code == 404


def test_the_list_filters_and_searches(firms, personas, client_for):
    client = client_for(personas.admin)
    page = client.get("/enterprises/", {"q": "乙"})
    assert "大连乙科技有限公司" in page.text and "大连甲科技有限公司" not in page.text
    page = client.get("/enterprises/", {"q": personas.enterprise_a.uscc})
    assert "大连甲科技有限公司" in page.text and "大连乙科技有限公司" not in page.text
    page = client.get("/enterprises/", {"industry": "C", "region": "bad"})
    assert "共 2 家企业" in page.text and "格式不正确" in page.text


def test_enterprise_a_cannot_read_or_change_b_in_the_pages(firms, personas, client_for):
    a, b = firms
    client = client_for(personas.alice)
    own = client.get(f"/enterprises/{a.pk}/")
    assert own.status_code == 200 and "大连甲科技有限公司" in own.text
    assert client.get(f"/enterprises/{b.pk}/").status_code == 404
    assert client.get(f"/enterprises/{b.pk}/figures/new/").status_code == 404
    response = client.post(f"/enterprises/{b.pk}/figures/new/", {"year": 2025, "employees": 5, "submit": "1"})
    assert response.status_code == 404
    b_annual = b.annuals.get(year=2024)
    b_annual.status = FiguresStatus.SUBMITTED
    b_annual.save()
    assert client.post(f"/enterprises/figures/{b_annual.pk}/submit/").status_code == 404
    assert client.post(f"/enterprises/figures/{b_annual.pk}/verify/").status_code == 404
    assert not b.annuals.filter(year=2025).exists()
    assert EnterpriseAnnual.objects.get(pk=b_annual.pk).status == FiguresStatus.SUBMITTED


def test_an_enterprise_submits_and_only_the_bureau_verifies_or_returns(firms, personas, client_for):
    a, _b = firms
    alice = client_for(personas.alice)
    response = alice.post(f"/enterprises/{a.pk}/figures/2025/", {"employees": 130, "revenue": "9100.5", "submit": "1"})
    assert response.status_code == 302
    annual = a.annuals.get(year=2025)
    assert annual.status == FiguresStatus.SUBMITTED and annual.employees == 130 and annual.revenue == 9100.5
    # Submitted: locked for the enterprise, and verification is the bureau's.
    locked = alice.post(f"/enterprises/{a.pk}/figures/2025/", {"employees": 1})
    assert locked.status_code == 200 and "不能再修改" in locked.text
    assert a.annuals.get(year=2025).employees == 130
    assert alice.post(f"/enterprises/figures/{annual.pk}/verify/").status_code == 403
    admin = client_for(personas.admin)
    admin.post(f"/enterprises/figures/{annual.pk}/return/", {"reason": "营业收入与税务数据不符"})
    annual.refresh_from_db()
    assert annual.status == FiguresStatus.RETURNED and annual.return_reason == "营业收入与税务数据不符"
    alice = client_for(personas.alice)
    assert "营业收入与税务数据不符" in alice.get(f"/enterprises/{a.pk}/").text
    alice.post(f"/enterprises/figures/{annual.pk}/submit/")
    client_for(personas.admin).post(f"/enterprises/figures/{annual.pk}/verify/")
    annual.refresh_from_db()
    assert annual.status == FiguresStatus.VERIFIED and annual.verified_by == personas.admin
    # Every step is in the figures' history, with who did it (the fixture's draft came first).
    steps = list(annual.history.order_by("history_id").values_list("history_change_reason", "history_user__username"))
    assert steps[1:] == [
        ("报送年度数据", "alice"), ("退回：营业收入与税务数据不符", "admin"), ("报送年度数据", "alice"), ("审核通过", "admin"),
    ]


def test_a_verified_year_is_corrected_only_by_the_bureau_with_a_reason(firms, personas):
    a, _b = firms
    with pytest.raises(Exception, match="已审核"):
        services.save_figures(a, actor=personas.alice, year=2024, figures={"employees": 1})
    with pytest.raises(Exception, match="理由"):
        services.save_figures(a, actor=personas.admin, year=2024, figures={"employees": 1})
    services.save_figures(a, actor=personas.admin, year=2024, figures={"employees": 121}, reason="按年报更正")
    annual = a.annuals.get(year=2024)
    assert annual.employees == 121 and annual.status == FiguresStatus.VERIFIED


def test_a_secretary_sees_only_assigned_enterprises(firms, personas, client_for):
    a, b = firms
    services.assign_secretary(b, actor=personas.admin, secretary=personas.staff_a)
    client = client_for(personas.staff_a)
    page = client.get("/enterprises/")
    assert "大连乙科技有限公司" in page.text and "大连甲科技有限公司" not in page.text
    assert client.get(f"/enterprises/{a.pk}/").status_code == 404
    assert client.get(f"/enterprises/{b.pk}/").status_code == 200
    # A secretary reads; the enterprise's figures stay the enterprise's and the bureau's.
    assert client.get(f"/enterprises/{b.pk}/figures/new/").status_code == 403


def test_the_api_is_scoped_the_same_way(firms, personas, client_for):
    a, b = firms
    alice = client_for(personas.alice)
    listed = alice.get("/api/enterprises/").json()
    assert [item["id"] for item in listed["items"]] == [a.pk]
    assert alice.get(f"/api/enterprises/{b.pk}").status_code == 404
    assert alice.get(f"/api/enterprises/{b.pk}/figures").status_code == 404
    body = json.dumps({"employees": 3, "submit": True})
    assert alice.put(f"/api/enterprises/{b.pk}/figures/2025", body, content_type="application/json").status_code == 404
    assert not b.annuals.filter(year=2025).exists()
    figures = alice.get(f"/api/enterprises/{a.pk}/figures").json()
    assert [f["year"] for f in figures] == [2021, 2022, 2023, 2024, 2025]
    saved = alice.put(f"/api/enterprises/{a.pk}/figures/2025", body, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["status"] == "submitted" and saved.json()["employees"] == 3
    assert alice.post(f"/api/enterprises/{a.pk}/figures/2025/verify").status_code == 403
    admin = client_for(personas.admin)
    assert len(admin.get("/api/enterprises/").json()["items"]) == 2
    verified = admin.post(f"/api/enterprises/{a.pk}/figures/2025/verify")
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    bad = admin.post(f"/api/enterprises/{a.pk}/figures/2025/verify")
    assert bad.status_code == 422 and "已审核" in bad.json()["errors"][0]["message"]
    assert client_for(personas.expert).get("/api/enterprises/").json()["items"] == []


def test_the_menu_shows_each_role_its_entry(firms, personas, client_for):
    assert "企业培育" in client_for(personas.admin).get("/").text
    alice_home = client_for(personas.alice).get("/").text
    assert "本企业" in alice_home and "企业培育" not in alice_home
    assert "企业培育" not in client_for(personas.staff_a).get("/").text
