"""A person's own API tokens: listed with last use, created (the secret shown once, on
the answer to the form, never again), revoked one by one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.api.tokens import token_create, token_list, token_revoke
from core.errors import ServiceError

from .forms import ApiTokenForm


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
