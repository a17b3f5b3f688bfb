from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jianfu.regions import selectors

from .selectors import programme_overview


def home(request: HttpRequest) -> HttpResponse:
    bounds = selectors.size_bounds_current()
    histogram = selectors.community_size_histogram(user=request.user)
    context = {
        "counts": selectors.level_counts(user=request.user),
        "sizes": selectors.community_size_summary(user=request.user, bounds=bounds),
        "bounds": bounds,
        "out_of_bounds": selectors.out_of_bounds_communities(user=request.user, bounds=bounds, limit=30),
        "histogram": {"labels": [b for b, _ in histogram], "values": [n for _, n in histogram]},
        "tile_url": settings.MAP_TILE_URL,
        "flag_labels": selectors.FLAG_LABELS,
        "programme": programme_overview(user=request.user),
    }
    return render(request, "dashboard/home.html", context)
