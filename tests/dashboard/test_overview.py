from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from jianfu.core.models import User
from jianfu.workforce.models import Worker

pytestmark = pytest.mark.django_db


def _cards(client, username: str):
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    return {card["key"]: card for card in response.context["programme"]}


def test_programme_overview_on_the_demo_city_is_scoped_per_role(client):
    call_command("load_demo", verbosity=0)
    city = _cards(client, "city")
    assert set(city) == {"registry", "requests", "violations", "whistles", "signs", "workers"}
    assert city["workers"]["value"] == Worker.objects.filter(status="serving").count() > 5000
    street = _cards(client, "street")
    assert 0 < street["workers"]["value"] < city["workers"]["value"]
    assert _cards(client, "dept")["workers"]["value"] == 0
