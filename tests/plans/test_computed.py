from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from kechuang.core.choices import OrganizationKind
from kechuang.core.models import Organization
from kechuang.plans import services
from kechuang.plans.choices import DataSource, ObservationStatus
from kechuang.plans.tasks import refresh_computed_indicators

from ..conftest import make_org


def registered_in(year: int, name: str) -> Organization:
    organization = make_org(name, OrganizationKind.UNIVERSITY)
    moment = datetime.datetime(year, 6, 1, tzinfo=timezone.get_current_timezone())
    Organization.objects.filter(pk=organization.pk).update(created_at=moment)
    return organization


@pytest.fixture
def computed(plan, personas):
    """Universities counted by the registry; the personas add one university this year."""
    registered_in(2021, "甲大学")
    registered_in(2021, "乙学院")
    registered_in(2023, "丙大学")
    return services.create_indicator(
        plan, actor=personas.admin, name="高校数量", unit="家", data_source=DataSource.COMPUTED,
        metric="organization_count", metric_params={"kind": "university"}, targets=[{"year": 2025, "value": 5}],
    )


def test_it_fills_a_computed_indicator_year_by_year_as_verified_system_figures(computed):
    totals = refresh_computed_indicators.enqueue(computed.plan_id).return_value
    this_year = timezone.localdate().year
    assert totals == {"indicators": 1, "created": this_year - 2020, "updated": 0, "unchanged": 0}
    values = dict(computed.observations.values_list("year", "value"))
    assert {year: values[year] for year in (2021, 2022, 2023, 2024, 2025)} == {
        2021: 2.0, 2022: 2.0, 2023: 3.0, 2024: 3.0, 2025: 3.0,
    }
    assert values[this_year] == 4.0
    observation = computed.observations.get(year=2023)
    assert observation.status == ObservationStatus.VERIFIED and observation.verified_by is None
    record = observation.history.get()
    assert (record.history_user, record.history_change_reason) == (None, "自动计算（organization_count）")


def test_it_changes_nothing_when_refreshed_again_and_follows_the_registry(computed):
    services.refresh_computed_indicators()
    assert services.refresh_computed_indicators() == {
        "indicators": 1, "created": 0, "updated": 0, "unchanged": timezone.localdate().year - 2020,
    }
    registered_in(2022, "丁大学")
    again = services.refresh_computed_indicators(computed.plan_id)
    assert again["updated"] == timezone.localdate().year - 2021
    assert computed.observations.get(year=2022).value == 3.0
    assert computed.observations.get(year=2022).history.count() == 2


def test_it_leaves_hand_reported_indicators_alone(computed, indicator_a, personas):
    services.refresh_computed_indicators()
    assert not indicator_a.observations.exists()


def test_it_refreshes_from_the_terminal(computed, capsys):
    call_command("refresh_indicators", "--plan", str(computed.plan_id))
    assert "已计算 1 个指标" in capsys.readouterr().out
    assert computed.observations.filter(year=2021, value=2).exists()
    with pytest.raises(CommandError, match="规划 999999 不存在"):
        call_command("refresh_indicators", "--plan", "999999")
