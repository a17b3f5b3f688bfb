"""Scope on every view and API endpoint, for a user of each role: out of scope answers 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jianfu.core.scope import code_in_scope, scope_prefixes

pytestmark = pytest.mark.django_db

# role → units that must be visible / must answer 404
VISIBLE = {
    "city": ["gongzhufu", "jiankang", "xincheng"],
    "district": ["gongzhufu", "chezhan", "xincheng"],
    "street": ["gongzhufu", "zhelimu", "hailaer"],
    "community": ["gongzhufu"],
    "auditor": ["gongzhufu", "jiankang"],
    "admin": ["gongzhufu", "jiankang", "city"],
    "department": [],
}
HIDDEN = {
    "city": [],
    "district": ["jiankang", "saihan", "city"],
    "street": ["chezhan", "jiankang", "xincheng"],
    "community": ["zhelimu", "hailaer", "jiankang"],
    "auditor": [],
    "admin": [],
    "department": ["gongzhufu", "city"],
}


def test_prefixes_per_role(users):
    assert scope_prefixes(users["city"]) == ["1501"]
    assert scope_prefixes(users["district"]) == ["150102"]
    assert scope_prefixes(users["street"]) == ["150102001"]
    assert scope_prefixes(users["community"]) == ["150102001001"]
    assert scope_prefixes(users["department"]) == []
    assert scope_prefixes(users["admin"]) is None
    assert code_in_scope(users["street"], "150102001002")
    assert not code_in_scope(users["street"], "150102002001")


@pytest.mark.parametrize("role", list(VISIBLE))
def test_unit_page_and_api_respect_scope(role, users, tree, client_for):
    client = client_for(users[role])
    for key in VISIBLE[role]:
        unit = tree[key]
        assert client.get(reverse("regions:detail", args=[unit.id])).status_code == 200, (role, key)
        assert client.get(f"/api/v1/regions/units/{unit.id}").status_code == 200, (role, key)
        assert client.get(f"/api/v1/regions/units/{unit.id}/children").status_code == 200
    for key in HIDDEN[role]:
        unit = tree[key]
        assert client.get(reverse("regions:detail", args=[unit.id])).status_code == 404, (role, key)
        assert client.get(f"/api/v1/regions/units/{unit.id}").status_code == 404, (role, key)
        assert client.get(f"/api/v1/regions/units/{unit.id}/children").status_code == 404, (role, key)


@pytest.mark.parametrize("role", list(VISIBLE))
def test_search_and_lists_return_only_scope(role, users, tree, client_for):
    client = client_for(users[role])
    found = {u["code"] for u in client.get("/api/v1/regions/units/search", {"q": "社区"}).json()}
    expected = {
        tree[k].code
        for k in ("gongzhufu", "zhelimu", "chezhan", "jiankang")
        if code_in_scope(users[role], tree[k].code)
    }
    assert found == expected
    html = client.get(reverse("regions:browse"), {"q": "社区"}).content.decode()
    for key in ("gongzhufu", "jiankang"):
        assert (tree[key].name in html) == code_in_scope(users[role], tree[key].code)
    geo = client.get(reverse("regions:boundaries")).json()
    assert all(code_in_scope(users[role], f["properties"]["code"]) for f in geo["features"])


@pytest.mark.parametrize("role", list(VISIBLE))
def test_dashboard_counts_are_scoped(role, users, client_for):
    response = client_for(users[role]).get(reverse("dashboard:home"))
    assert response.status_code == 200
    counts = response.context["counts"]
    expected = {
        "city": 4,
        "admin": 4,
        "auditor": 4,
        "district": 3,
        "street": 2,
        "community": 1,
        "department": 0,
    }
    assert counts["communities"] == expected[role]


def test_tree_api_as_of_is_scoped(users, tree, client_for):
    data = client_for(users["street"]).get("/api/v1/regions/tree", {"on": "2024-01-01"}).json()
    assert [n["code"] for n in data] == ["150102001000"]
    assert {c["code"] for c in data[0]["children"]} == {"150102001001", "150102001002"}
    other = client_for(users["street"]).get(
        "/api/v1/regions/tree", {"on": "2024-01-01", "root_id": tree["renmin"].id}
    )
    assert other.status_code == 404


def test_anonymous_is_sent_to_login_and_api_refuses(client, tree):
    response = client.get(reverse("regions:detail", args=[tree["gongzhufu"].id]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/regions/units").status_code == 401


def test_audit_page_only_for_auditors_and_offices(users, client_for):
    assert client_for(users["auditor"]).get(reverse("core:audit")).status_code == 200
    assert client_for(users["city"]).get(reverse("core:audit")).status_code == 200
    for role in ("district", "street", "community", "department"):
        assert client_for(users[role]).get(reverse("core:audit")).status_code == 403, role


def test_bounds_edit_only_by_city_office(users, client_for):
    data = {
        "floor": 1200,
        "ceiling": 3000,
        "split_above": 4000,
        "merge_below": 1000,
        "grid_floor": 300,
        "grid_ceiling": 500,
        "effective_from": "2024-01-01",
        "note": "x",
    }
    assert client_for(users["district"]).post(reverse("regions:bounds"), data).status_code == 403
    assert client_for(users["auditor"]).post(reverse("regions:bounds"), data).status_code == 403
    assert client_for(users["city"]).post(reverse("regions:bounds"), data).status_code == 302
