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


def test_out_of_bounds_table_flags_follow_the_configured_bounds(users, tree, client_for):
    from jianfu.regions.models import SizeBounds

    client = client_for(users["district"])
    rows = {c.name: c.flag for c in client.get(reverse("dashboard:home")).context["out_of_bounds"]}
    assert rows == {"哲里木路社区": "above_split", "车站西街社区": "below_merge"}
    # Raise the floor above 健康社区's 2,500 households (outside this district) and the split line above 4,500.
    SizeBounds.objects.create(
        effective_from=tree["city"].valid_from, floor=2600, ceiling=4000, split_above=5000, merge_below=700
    )
    response = client.get(reverse("dashboard:home"))
    rows = {c.name: c.flag for c in response.context["out_of_bounds"]}
    assert rows == {
        "哲里木路社区": "above_ceiling",
        "公主府社区": "below_floor",
        "车站西街社区": "below_floor",
    }
    page = response.content.decode()
    assert 'data-flag="above_ceiling">超过上限<' in page and 'data-flag="below_floor">低于下限<' in page
    assert "健康社区" not in page  # below the floor too, but out of the district office's scope
    city_rows = client_for(users["city"]).get(reverse("dashboard:home")).context["out_of_bounds"]
    assert {c.name: c.flag for c in city_rows}["健康社区"] == "below_floor"
