from __future__ import annotations

import pytest

from jianfu.core.demo import accounts_load
from jianfu.dispatch.demo import dispatch_load
from jianfu.dispatch.models import Rating, Whistle, WhistleAuthority
from jianfu.dispatch.selectors import authority_for, department_dispatch_scores
from jianfu.regions.demo import hohhot_load
from jianfu.signage.demo import signage_load
from jianfu.signage.models import Facility, Sign
from jianfu.signage.selectors import cleanup_figures

pytestmark = pytest.mark.django_db


def test_demo_loaders_are_idempotent_and_meaningful():
    from jianfu.core.models import User

    hohhot_load()
    accounts_load()
    first = signage_load()
    assert first["facilities_created"] > 200
    assert signage_load() == {"facilities_created": 0}
    assert Facility.objects.filter(unit__kind="村").exists()
    city = User.objects.get(username="city")
    figures = cleanup_figures(user=city)
    assert figures["total"].removed_signs > 1000 and figures["total"].removed_boards > 300
    assert len(figures["districts"]) == 4
    assert Sign.objects.filter(is_synthetic=False).count() == 0

    assert dispatch_load()["whistles_created"] > 0
    assert dispatch_load() == {"whistles_created": 0}
    street = User.objects.get(username="street")
    assert authority_for(street).street.name == "海拉尔东路街道"
    assert WhistleAuthority.objects.filter(user=street).count() == 1
    year = Whistle.objects.order_by("-whistled_at").first().whistled_at.year
    scores = department_dispatch_scores(year=year)
    assert scores and any(s.average_rating for s in scores)
    community_ratings = Rating.objects.filter(rater_role="community")
    assert community_ratings.exists()
    assert all(r.rater.username == "community" for r in community_ratings)
