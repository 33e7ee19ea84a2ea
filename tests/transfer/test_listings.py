"""Achievement and demand libraries: who sees, posts, edits and publishes; search, API, Excel."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kechuang.core.importing import run_import
from kechuang.core.models import TechDomain
from kechuang.transfer import services
from kechuang.transfer.choices import CooperationMode, ListingStatus, Visibility
from kechuang.transfer.importers import AchievementImport, DemandImport
from kechuang.transfer.matching.vocabulary import VOCABULARY
from kechuang.transfer.models import Achievement, Demand
from kechuang.transfer.recommendations import fingerprint, recommend_for_demand, record_of

SECRET_TITLE = "保密级高能量密度固态电池电解质"


@pytest.fixture
def library(personas):
    domain = TechDomain.objects.get(name="电子信息")
    materials = TechDomain.objects.get(name="新材料")
    admin = personas.admin

    def achievement(title, abstract, visibility=Visibility.PUBLIC, domain=domain, **extra):
        item = services.create_achievement(
            actor=personas.institution_user, title=title, abstract=abstract, owner=personas.university,
            domain=domain, visibility=visibility, **extra,
        )
        return services.set_listing_status(item, ListingStatus.PUBLISHED, actor=admin)

    vision = achievement("冲压件表面缺陷机器视觉检测系统", "深度学习识别划痕凹坑，检测速度每分钟120件。",
                         cooperation=[CooperationMode.LICENSE], price=80, maturity="pilot")
    registered = achievement("注册可见的锂电池极片缺陷检测", "极片涂布缺陷在线检测。", visibility=Visibility.REGISTERED)
    secret = achievement(SECRET_TITLE, "硫化物固态电解质，离子电导率高。", visibility=Visibility.BUREAU, domain=materials)
    draft = services.create_achievement(actor=personas.institution_user, title="未发布的草稿成果", owner=personas.university)
    demand = services.create_demand(
        actor=personas.alice, title="冲压件表面缺陷自动检测", owner=personas.enterprise_a, domain=domain,
        description="公司成立于2008年，注册资本5000万元。急需解决冲压件表面缺陷人工目检效率低的难题。",
        budget=100, cooperation=[CooperationMode.LICENSE], maturity_wanted="pilot",
    )
    return {"vision": vision, "registered": registered, "secret": secret, "draft": draft, "demand": demand}


def _titles(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "alice", "bob", "tto"])
def test_a_bureau_only_achievement_never_leaks(client, client_for, personas, library, who):
    if who != "anonymous":
        client_for({"alice": personas.alice, "bob": personas.bob, "tto": personas.expert}[who])
    listing = client.get(reverse("transfer:achievement_list"))
    searched = client.get(reverse("transfer:achievement_list"), {"q": "固态电池"})
    api_list = client.get("/api/transfer/achievements", {"q": "电解质"})
    assert SECRET_TITLE not in _titles(listing) and SECRET_TITLE not in _titles(searched)
    assert "冲压件表面缺陷机器视觉检测系统" in _titles(listing)
    assert api_list.status_code == 200 and api_list.json()["items"] == []
    assert client.get(reverse("transfer:achievement_detail", args=[library["secret"].pk])).status_code == 404
    assert client.get(f"/api/transfer/achievements/{library['secret'].pk}").status_code == 404
    export = client.get(reverse("transfer:achievement_export"))
    rows = [row[0] for row in openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)]
    assert SECRET_TITLE not in rows and "冲压件表面缺陷机器视觉检测系统" in rows


def test_the_bureau_and_the_owner_see_the_bureau_only_achievement(client_for, personas, library):
    for user in (personas.admin, personas.institution_user):
        client = client_for(user)
        assert SECRET_TITLE in _titles(client.get(reverse("transfer:achievement_list"), {"q": "固态电池"}))
        assert client.get(f"/api/transfer/achievements/{library['secret'].pk}").json()["title"] == SECRET_TITLE


def test_registered_listings_need_a_signed_in_user_and_drafts_stay_with_the_owner(client, client_for, personas, library):
    assert "注册可见" not in _titles(client.get(reverse("transfer:achievement_list")))
    alice = client_for(personas.alice)
    page = _titles(alice.get(reverse("transfer:achievement_list")))
    assert "注册可见" in page and "未发布的草稿成果" not in page
    assert alice.get(reverse("transfer:achievement_detail", args=[library["draft"].pk])).status_code == 404


def test_owners_post_for_their_own_organization_only(personas, library):
    with pytest.raises(PermissionDenied):
        services.create_demand(actor=personas.alice, title="冒名需求", owner=personas.enterprise_b)
    with pytest.raises(PermissionDenied):
        services.update_demand(library["demand"], actor=personas.bob, title="改掉")
    with pytest.raises(PermissionDenied):
        services.update_demand(library["demand"], actor=personas.alice, owner=personas.enterprise_b)
    assert Demand.objects.get(pk=library["demand"].pk).owner == personas.enterprise_a


def test_only_the_bureau_publishes(personas, library):
    with pytest.raises(PermissionDenied):
        services.set_listing_status(library["demand"], ListingStatus.PUBLISHED, actor=personas.alice)
    services.set_listing_status(library["demand"], ListingStatus.SUBMITTED, actor=personas.alice)
    services.set_listing_status(library["demand"], ListingStatus.PUBLISHED, actor=personas.admin)
    demand = Demand.objects.get(pk=library["demand"].pk)
    assert demand.status == ListingStatus.PUBLISHED
    assert demand.history.first().history_user == personas.admin


def test_another_enterprise_cannot_edit_a_published_demand(client_for, personas, library):
    services.set_listing_status(library["demand"], ListingStatus.PUBLISHED, actor=personas.admin)
    bob = client_for(personas.bob)
    assert bob.get(reverse("transfer:demand_detail", args=[library["demand"].pk])).status_code == 200
    assert bob.get(reverse("transfer:demand_edit", args=[library["demand"].pk])).status_code == 403
    response = bob.post(reverse("transfer:listing_status", args=["demand", library["demand"].pk]), {"status": "withdrawn"})
    assert response.status_code == 403
    assert Demand.objects.get(pk=library["demand"].pk).status == ListingStatus.PUBLISHED


def test_an_enterprise_posts_a_demand_through_the_page(client_for, personas, reference):
    alice = client_for(personas.alice)
    response = alice.post(reverse("transfer:demand_create"), {
        "title": "注塑车间能耗在线监测", "owner": personas.enterprise_a.pk, "description": "需要能耗监测。",
        "cooperation": ["joint_development"], "visibility": "public", "budget": "50",
    })
    demand = Demand.objects.get(title="注塑车间能耗在线监测")
    assert response.status_code == 302 and demand.owner == personas.enterprise_a
    assert demand.cooperation == ["joint_development"] and demand.status == ListingStatus.DRAFT
    forged = alice.post(reverse("transfer:demand_create"), {
        "title": "冒名", "owner": personas.enterprise_b.pk, "visibility": "public",
    })
    assert forged.status_code == 200 and not Demand.objects.filter(title="冒名").exists()


def test_a_listing_rejects_unknown_cooperation_modes(personas, reference):
    with pytest.raises(ValidationError):
        services.create_demand(actor=personas.alice, title="x", owner=personas.enterprise_a, cooperation=["barter"])


def test_the_bureau_sees_recommendations_with_reasons(client_for, personas, library):
    results = recommend_for_demand(library["demand"], user=personas.admin)
    assert results[0].achievement == library["vision"]
    assert any(reason.startswith("共同技术词：") for reason in results[0].reasons)
    assert "合作方式相符：技术许可" in results[0].reasons
    assert library["draft"].pk not in {r.achievement.pk for r in results}
    page = client_for(personas.admin).get(reverse("transfer:demand_recommendations", args=[library["demand"].pk]))
    assert "冲压件表面缺陷机器视觉检测系统" in page.content.decode()
    api = client_for(personas.admin).get(f"/api/transfer/demands/{library['demand'].pk}/recommendations")
    assert api.json()[0]["achievement_id"] == library["vision"].pk


def test_recommendations_are_the_bureaus(client_for, personas, library):
    with pytest.raises(PermissionDenied):
        recommend_for_demand(library["demand"], user=personas.alice)
    alice = client_for(personas.alice)
    assert alice.get(reverse("transfer:demand_recommendations", args=[library["demand"].pk])).status_code == 403
    assert alice.get(f"/api/transfer/demands/{library['demand'].pk}/recommendations").status_code == 403


def test_the_index_version_follows_the_database(personas, library):
    before = fingerprint()
    services.update_achievement(library["vision"], actor=personas.admin, title="冲压件表面缺陷视觉检测系统（升级版）")
    assert fingerprint() != before
    results = recommend_for_demand(library["demand"], user=personas.admin)
    assert results[0].achievement.title == "冲压件表面缺陷视觉检测系统（升级版）"


def test_a_listing_becomes_an_engine_record(library):
    record = record_of(library["vision"])
    assert record.field == "电子信息" and record.amount == 80.0 and record.maturity == 2
    assert record.cooperation == ("技术许可",)
    assert [str(label) for label in CooperationMode.labels] == list(VOCABULARY.cooperation)


# --- Excel ---------------------------------------------------------------------------------------

def _workbook(headers, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ACHIEVEMENT_HEADERS = ["成果名称", "所属单位", "成果简介", "技术领域", "成熟度", "合作方式", "意向价格（万元）", "公开范围"]


def test_it_imports_achievements_all_or_nothing(personas, reference):
    good = _workbook(ACHIEVEMENT_HEADERS, [
        ["导入成果甲", "大连理工示范大学", "简介甲", "电子信息", "中试", "技术许可、合作开发", 50, "公开"],
        ["导入成果乙", "大连理工示范大学", "简介乙", "新材料", "", "", None, "仅科技局可见"],
    ])
    result = run_import(AchievementImport(), good, actor=personas.admin, file_name="a.xlsx")
    assert result.ok, result.errors
    first = Achievement.objects.get(title="导入成果甲")
    assert first.cooperation == ["license", "joint_development"] and first.maturity == "pilot"
    assert Achievement.objects.get(title="导入成果乙").visibility == Visibility.BUREAU
    bad = _workbook(ACHIEVEMENT_HEADERS, [
        ["导入成果丙", "大连理工示范大学", "", "电子信息", "", "", 10, ""],
        ["导入成果丁", "不存在的单位", "", "电子信息", "量子态", "以物易物", -5, ""],
    ])
    result = run_import(AchievementImport(), bad, actor=personas.admin, file_name="b.xlsx")
    messages = [str(error) for error in result.errors]
    assert not result.ok and not Achievement.objects.filter(title="导入成果丙").exists()
    assert "第 3 行「所属单位」：未登记的单位“不存在的单位”" in messages
    assert any(m.startswith("第 3 行「成熟度」") for m in messages)
    assert any(m.startswith("第 3 行「合作方式」") for m in messages)
    assert any(m.startswith("第 3 行「意向价格（万元）」") for m in messages)


def test_only_the_bureau_imports(personas, reference):
    data = _workbook(["需求名称", "所属单位"], [["需求", "大连甲科技有限公司"]])
    result = run_import(DemandImport(), data, actor=personas.alice, file_name="d.xlsx")
    assert not result.ok and not Demand.objects.exists()
