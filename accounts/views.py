"""The secretariat's sign-in policy page, and ending one of one's own sessions."""

from allauth.usersessions.internal.flows.sessions import end_sessions
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .forms import SecondFactorPolicyForm
from .models import SingleSignOnMapping
from .services import second_factor_policy_all, second_factor_policy_set


@login_required
def sign_in_policy(request):
    if not request.user.has_perm("accounts.edit_sign_in_policy"):
        raise PermissionDenied
    form = SecondFactorPolicyForm(request.POST or None, policies=second_factor_policy_all())
    if request.method == "POST" and form.is_valid():
        changed = second_factor_policy_set(actor=request.user, rules_by_role=form.cleaned_data)
        messages.success(
            request, "Policy saved." if changed else "Nothing changed: the policy is as it was."
        )
        return redirect("sign-in-policy")
    mappings = SingleSignOnMapping.objects.select_related("party", "cochair")
    return render(
        request,
        "accounts/sign_in_policy.html",
        {"form": form, "mappings": mappings},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def session_end(request, pk: int):
    """Sign out one of the person's own sessions (another person's is a 404)."""
    session = get_object_or_404(UserSession, pk=pk, user=request.user)
    was_current = session.is_current()
    end_sessions(request, [session])
    if was_current:
        return redirect("login")
    messages.success(request, "That session is signed out.")
    return redirect("usersessions_list")
