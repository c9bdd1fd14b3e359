from django.urls import path

from . import views

urlpatterns = [
    path("accounts/invitations/", views.invitations, name="invitations"),
    path(
        "accounts/invitation/<str:uidb64>/<str:token>/",
        views.invitation_accept_page,
        name="invitation-accept",
    ),
]
