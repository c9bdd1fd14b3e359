"""The dashboard rows of `make bench` (bench/dashboard.py): each filter it measures is one
the dashboard takes, with values the claims hold, so every row times a page that
selects claims rather than an error or an empty page."""

import pytest
from django.test import Client

from bench.dashboard import dashboard_filters


@pytest.mark.django_db
def test_every_filter_row_selects_claims_on_the_dashboard(file_claim, secretariat):
    for _ in range(3):
        file_claim("under_review", by="pak_officer")
    client = Client()
    client.force_login(secretariat)

    filters = dashboard_filters()

    assert len(filters) == 5
    for name, query in filters.items():
        response = client.get(f"/dashboard/?{query}")
        assert response.status_code == 200, name
        assert not response.context["filter"].errors, (name, response.context["filter"].errors)
        assert response.context["total"] > 0, (name, query)
