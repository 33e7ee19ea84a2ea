from __future__ import annotations

import random

import pytest
from playwright.sync_api import expect

from kechuang.core.models import Organization
from kechuang.core.uscc import make_uscc
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_creates_finds_and_opens_an_organization(personas, login, live_server):
    page = login("admin", PASSWORD)
    page.get_by_role("link", name="单位名录").click()
    page.get_by_role("link", name="登记单位").click()
    code = make_uscc(random.Random(99), region_code="210204")
    page.fill("#id_name", "大连浏览器测试智能装备有限公司")
    page.fill("#id_uscc", code)
    page.select_option("#id_kind", "enterprise")
    page.fill("#id_contact_phone", "13811112222")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h2")).to_have_text("大连浏览器测试智能装备有限公司")
    assert Organization.objects.get(uscc=code).contact_phone == "13811112222"

    page.get_by_role("link", name="单位名录").click()
    page.fill("#id_q", "测试智能")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    page.locator("#results").get_by_role("link", name="大连浏览器测试智能装备有限公司").click()
    expect(page.locator("dd.font-monospace")).to_have_text(code)


def test_it_refuses_the_admin_pages_to_an_enterprise_user(personas, login, live_server):
    page = login("alice", PASSWORD)
    expect(page.get_by_role("link", name="数据导入")).to_have_count(0)
    response = page.goto(f"{live_server.url}/organizations/new/")
    assert response.status == 403
    expect(page.locator("h4")).to_have_text("无权访问")
    response = page.goto(f"{live_server.url}/organizations/{personas.enterprise_b.pk}/edit/")
    assert response.status == 403
