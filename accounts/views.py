"""A person's account pages: the secretariat's sign-in policy, ending one of one's own
sessions, and one's API tokens (listed with last use, created with the secret shown once,
on the answer to the form and never again, revoked one by one)."""

from allauth.usersessions.internal.flows.sessions import end_sessions
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.api.tokens import token_create, token_list, token_revoke
from core.errors import ServiceError

from .forms import ApiTokenForm, SecondFactorPolicyForm
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


@never_cache
@login_required
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, secret = token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    expires_at=form.expires_at(),
                )
            except ServiceError as refusal:
                for field, errors in refusal.fields.items():
                    form.add_error("days" if field == "expires_at" else field, errors)
            else:
                # Answered here, not after a redirect: the secret is never stored to be
                # shown again, not even in the session.
                created = {"token": token, "secret": secret}
                form = ApiTokenForm()
        if created is None:
            status = 400
    context = {"form": form, "created": created, "tokens": token_list(user=request.user)}
    return render(request, "accounts/api_tokens.html", context, status=status)


@require_POST
@login_required
def api_token_revoke(request, token_id):
    try:
        token_revoke(user=request.user, token_id=token_id)
    except ServiceError:
        messages.error(request, "No such token: it may have been revoked already.")
    else:
        messages.success(request, "Token revoked: clients using it are refused from now on.")
    return redirect("api-tokens")
