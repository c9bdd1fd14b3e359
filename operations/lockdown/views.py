"""The secretariat's lockdown page: the mode, its history, the switch, and "sign out
everyone"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core import site_mode
from core.errors import ServiceError
from core.forms import form_add_service_error
from core.models import SiteModeSwitch

from .forms import EndSessionsForm, SiteModeForm
from .permissions import can_lock_down
from .services import sessions_end_everyone, site_mode_switch

HISTORY = 50


def _page(request, *, form=None, end_form=None, status=200):
    return render(
        request,
        "operations/lockdown.html",
        {
            "state": site_mode.read(),
            "form": form or SiteModeForm(),
            "end_form": end_form or EndSessionsForm(),
            "history": SiteModeSwitch.objects.select_related("by")[:HISTORY],
        },
        status=status,
    )


@login_required
def lockdown(request):
    if not can_lock_down(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return _page(request)
    form = SiteModeForm(request.POST)
    if form.is_valid():
        try:
            switch = site_mode_switch(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request,
                gettext("The mechanism is now %(mode)s.") % {"mode": switch.get_to_mode_display()},
            )
            return redirect("lockdown")
    return _page(request, form=form, status=400)


@login_required
@require_POST
def lockdown_sessions(request):
    if not can_lock_down(request.user):
        raise PermissionDenied
    form = EndSessionsForm(request.POST)
    if not form.is_valid():
        return _page(request, end_form=form, status=400)
    ended = sessions_end_everyone(actor=request.user, keep_session_key=request.session.session_key)
    messages.success(
        request,
        gettext("Signed out %(sessions)s session(s) and revoked %(tokens)s API token(s).")
        % {"sessions": ended["sessions"], "tokens": ended["tokens"]},
    )
    return redirect("lockdown")
