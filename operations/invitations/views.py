"""The secretariat's invitations page, and the page an invitation's link opens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from accounts.permissions import can_invite
from core.errors import STATUS_BY_CODE, ServiceError
from core.views import form_page, require

from .forms import AcceptInvitationForm, InvitationForm
from .selectors import invitation_from_link, invitation_list
from .services import invitation_accept, invitation_refuse_unusable, invitation_send


@login_required
def invitations(request):
    """The invitations sent (newest first) and the form to send one: secretariat only."""
    require(can_invite, request.user)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    form = InvitationForm(request.POST if request.method == "POST" else None)

    def perform(form):
        return invitation_send(
            invited_by=request.user,
            base_url=request.build_absolute_uri("/"),
            **form.cleaned_data,
        )

    def success(invitation):
        messages.success(
            request, gettext("Invitation sent to %(email)s.") % {"email": invitation.email}
        )
        return redirect("invitations")

    return form_page(
        request,
        form,
        perform=perform,
        success=success,
        template="invitations/list.html",
        context={
            "invitations": invitation_list()[:200],
            "ttl_hours": settings.INVITATION_TTL_HOURS,
        },
    )


@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation_accept_page(request, uidb64, token):
    """Open to anyone holding the link: a clear page when it no longer works (404 for a
    link the mechanism did not send, 410 used, superseded or expired); otherwise the
    form for a username and password, then the sign-in page."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        invitation = invitation_from_link(uidb64=uidb64, token=token)
        invitation_refuse_unusable(invitation)
    except ServiceError as refusal:
        return render(
            request,
            "invitations/unusable.html",
            {"code": str(refusal.code), "detail": refusal.detail},
            status=STATUS_BY_CODE[refusal.code],
        )
    form = AcceptInvitationForm(
        request.POST if request.method == "POST" else None, invitation=invitation
    )

    def perform(form):
        return invitation_accept(
            invitation=invitation,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
        )

    def success(user):
        messages.success(
            request,
            gettext("Your account %(username)s is ready: sign in.") % {"username": user.username},
        )
        return redirect("login")

    return form_page(
        request,
        form,
        perform=perform,
        success=success,
        template="invitations/accept.html",
        context={"invitation": invitation},
    )
