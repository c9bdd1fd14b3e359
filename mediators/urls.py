from django.urls import path

from . import views

urlpatterns = [
    path("", views.meeting_list, name="meetings"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("<int:meeting_id>/refresh/", views.meeting_refresh, name="meeting-refresh"),
    path("<int:meeting_id>/close/", views.meeting_close_view, name="meeting-close"),
    path("<int:meeting_id>/defer/", views.agenda_defer_view, name="meeting-defer"),
    path("<int:meeting_id>/minutes.pdf", views.meeting_minutes_pdf, name="meeting-minutes-pdf"),
    path(
        "<int:meeting_id>/items/<int:item_id>/decide/",
        views.agenda_item_decide_view,
        name="agenda-item-decide",
    ),
]
