from django.db.models import Count
from django.shortcuts import render

from incidents.selectors import incident_visible_to


def home(request):
    counts = {}
    if request.user.is_authenticated:
        counts = dict(
            incident_visible_to(request.user)
            .order_by()
            .values_list("status")
            .annotate(n=Count("id"))
        )
    return render(request, "home.html", {"counts": counts})
