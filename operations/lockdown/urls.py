from django.urls import path

from . import views

urlpatterns = [
    path("lockdown/", views.lockdown, name="lockdown"),
    path("lockdown/sessions/", views.lockdown_sessions, name="lockdown-sessions"),
]
