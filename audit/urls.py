from django.urls import path

from . import views

urlpatterns = [
    path("changes/", views.record_change_list, name="record-changes"),
]
