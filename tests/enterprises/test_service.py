"""Service secretaries and 一企一策: a secretary sees and keeps only their enterprises' logs and plans."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kechuang.enterprises import services
from kechuang.enterprises.choices import LogKind, RequestStatus
from kechuang.enterprises.models import CultivationMeasure, ServiceAssignment, ServiceLog

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 3, 1)


@pytest.fixture
def served(firms, personas):
    """staff_a is secretary of A, staff_b of B; each enterprise has a visit and a request."""
    a, b = firms
    services.assign_secretary(a, actor=personas.admin, secretary=personas.staff_a)
    services.assign_secretary(b, actor=personas.admin, secretary=personas.staff_b)
    for enterprise, secretary, word in ((a, personas.staff_a, "甲"), (b, personas.staff_b, "乙")):
        services.add_log(enterprise, actor=secretary, kind=LogKind.VISIT, date=DAY, summary=f"走访{word}公司，了解研发情况")
        services.add_log(enterprise, actor=secretary, kind=LogKind.REQUEST, date=DAY, summary=f"{word}公司希望对接高校实验室",
                         deadline=DAY + datetime.timedelta(days=30))
    return a, b


def test_a_secretary_sees_only_their_enterprises_logs(served, personas, client_for):
    a, b = served
    client = client_for(personas.staff_a)
    own = client.get(f"/enterprises/{a.pk}/").text
    assert "走访甲公司" in own and "甲公司希望对接高校实验室" in own
    assert client.get(f"/enterprises/{b.pk}/").status_code == 404
    work = client.get("/enterprises/service/").text
    assert "甲公司希望对接高校实验室" in work and "乙公司" not in work
    other = ServiceLog.objects.get(enterprise=b, kind=LogKind.REQUEST)
    response = client.post(f"/enterprises/logs/{other.pk}/request/", {"request_status": "resolved", "handling": "已办"})
    assert response.status_code == 404
    assert ServiceLog.objects.get(pk=other.pk).request_status == RequestStatus.OPEN
    assert client.post(f"/enterprises/{b.pk}/logs/", {"kind": "visit", "date": "2025-03-02", "summary": "x"}).status_code == 404
    assert ServiceLog.objects.filter(enterprise=b).count() == 2
    # The bureau sees every open request.
    bureau = client_for(personas.admin).get("/enterprises/service/").text
    assert "甲公司希望对接高校实验室" in bureau and "乙公司希望对接高校实验室" in bureau


def test_the_enterprise_reads_its_plan_but_not_the_service_log(served, personas, client_for):
    a, _b = served
    services.add_measure(a, actor=personas.staff_a, title="申报高新技术企业", owner="区科技局 张三",
                         due_date=datetime.date(2025, 9, 30), target_tier="high_tech")
    page = client_for(personas.alice).get(f"/enterprises/{a.pk}/").text
    assert "申报高新技术企业" in page and "区科技局 张三" in page
    assert "走访甲公司" not in page
    with pytest.raises(PermissionDenied):
        services.add_log(a, actor=personas.alice, kind=LogKind.VISIT, date=DAY, summary="自己写的")
    measure = CultivationMeasure.objects.get()
    assert client_for(personas.alice).post(f"/enterprises/measures/{measure.pk}/status/", {"status": "done"}).status_code == 403
    client_for(personas.staff_a).post(f"/enterprises/measures/{measure.pk}/status/", {"status": "in_progress"})
    assert CultivationMeasure.objects.get().status == "in_progress"


def test_a_request_is_handled_to_the_end_with_history(served, personas, client_for):
    a, _b = served
    log = ServiceLog.objects.get(enterprise=a, kind=LogKind.REQUEST)
    with pytest.raises(ValidationError, match="办结需要填写办理情况"):
        services.update_request(log, actor=personas.staff_a, request_status=RequestStatus.RESOLVED)
    client = client_for(personas.staff_a)
    client.post(f"/enterprises/logs/{log.pk}/request/", {"request_status": "in_progress", "handling": "已联系理工大学"})
    client.post(f"/enterprises/logs/{log.pk}/request/", {"request_status": "resolved", "handling": "已签订共建协议"})
    log.refresh_from_db()
    assert (log.request_status, log.handling) == (RequestStatus.RESOLVED, "已签订共建协议")
    reasons = list(log.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == ["新增服务记录", "更新诉求办理：办理中", "更新诉求办理：已办结"]
    assert "甲公司希望对接高校实验室" not in client.get("/enterprises/service/").text


def test_records_are_checked(served, personas):
    a, _b = served
    with pytest.raises(ValidationError) as raised:
        services.add_log(a, actor=personas.staff_a, kind=LogKind.REQUEST, date=DAY, summary="无时限")
    assert "deadline" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.add_log(a, actor=personas.staff_a, kind=LogKind.POLICY, date=DAY, summary="送政策")
    assert "policy" in raised.value.message_dict


def test_only_the_bureau_assigns_secretaries(firms, personas, client_for):
    a, _b = firms
    assert client_for(personas.alice).post(f"/enterprises/{a.pk}/secretaries/", {"secretary": personas.alice.pk}).status_code == 403
    assert not ServiceAssignment.objects.exists()
    admin = client_for(personas.admin)
    admin.post(f"/enterprises/{a.pk}/secretaries/", {"secretary": personas.admin.pk})
    assignment = ServiceAssignment.objects.get()
    assert (assignment.enterprise, assignment.secretary, assignment.assigned_by) == (a, personas.admin, personas.admin)
    # Only the bureau's own staff can be chosen.
    admin.post(f"/enterprises/{a.pk}/secretaries/", {"secretary": personas.bob.pk})
    assert ServiceAssignment.objects.count() == 1
    admin.post(f"/enterprises/secretaries/{assignment.pk}/remove/")
    assert not ServiceAssignment.objects.exists()


def test_only_the_bureau_records_certifications(firms, personas, client_for):
    a, _b = firms
    data = {"tier": "high_tech", "number": "GR202521000001", "valid_from": "2025-11-01", "valid_to": "2028-10-31"}
    assert client_for(personas.alice).post(f"/enterprises/{a.pk}/certifications/", data).status_code == 403
    assert not a.certifications.exists()
    client_for(personas.admin).post(f"/enterprises/{a.pk}/certifications/", data)
    certification = a.certifications.get()
    assert (certification.number, certification.valid_to) == ("GR202521000001", datetime.date(2028, 10, 31))
    bad = client_for(personas.admin).post(f"/enterprises/{a.pk}/certifications/", {**data, "valid_to": "2020-01-01"})
    assert bad.status_code == 302 and a.certifications.count() == 1


def test_an_invalid_service_log_is_refused_with_its_fields_chinese_labels(firms, personas, client_for):
    from django.contrib.messages import get_messages

    a, _b = firms
    response = client_for(personas.admin).post(f"/enterprises/{a.pk}/logs/", {"kind": "visit", "summary": ""})
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("日期：" in text for text in texts), texts
    assert not any("date" in text for text in texts)
    assert not ServiceLog.objects.exists()
