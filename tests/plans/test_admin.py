from __future__ import annotations

from django.contrib.auth import get_user_model


def test_it_shows_observations_in_the_admin_but_leaves_changes_to_the_services(client, personas, indicator_a):
    from kechuang.plans import services

    services.save_observation(indicator_a, actor=personas.admin, year=2023, value=150)
    root = get_user_model().objects.create_superuser("root", password="x-root-pass-1")
    client.force_login(root)
    listing = client.get("/django-admin/plans/observation/")
    assert "研发经费投入" in listing.content.decode()
    assert client.get("/django-admin/plans/observation/add/").status_code == 403
    observation = indicator_a.observations.get()
    response = client.post(f"/django-admin/plans/observation/{observation.pk}/change/", {"value": 1})
    assert response.status_code in (200, 403)
    observation.refresh_from_db()
    assert observation.value == 150
