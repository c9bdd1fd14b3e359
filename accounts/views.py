"""A person's account pages: the secretariat's sign-in policy, ending one of one's own
sessions, one's language and time zone, and one's API tokens (listed with last use, created with the secret shown once,
on the answer to the form and never again, revoked one by one)."""

from allauth.usersessions.internal.flows.sessions import end_sessions
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from core.api.tokens import token_create, token_list, token_revoke
from core.errors import ServiceError

from .forms import ApiTokenForm, PreferencesForm, SecondFactorPolicyForm
from .models import SingleSignOnMapping
from .services import second_factor_policy_all, second_factor_policy_set, user_preferences_set


@login_required
def sign_in_policy(request):
    if not request.user.has_perm("accounts.edit_sign_in_policy"):
        raise PermissionDenied
    form = SecondFactorPolicyForm(request.POST or None, policies=second_factor_policy_all())
    if request.method == "POST" and form.is_valid():
        changed = second_factor_policy_set(actor=request.user, rules_by_role=form.cleaned_data)
        messages.success(
            request,
            _("Policy saved.") if changed else _("Nothing changed: the policy is as it was."),
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
    messages.success(request, _("That session is signed out."))
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
        messages.error(request, _("No such token: it may have been revoked already."))
    else:
        messages.success(request, _("Token revoked: clients using it are refused from now on."))
    return redirect("api-tokens")


@login_required
def preferences(request):
    user = request.user
    form = PreferencesForm(
        request.POST or None, initial={"language": user.language, "time_zone": user.time_zone}
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = user_preferences_set(actor=user, **form.cleaned_data)
        except ServiceError as refusal:
            for field, errors in refusal.fields.items():
                form.add_error(field, errors)
        else:
            # The answer after the redirect is in the language just chosen.
            translation.activate(user.language or translation.get_language())
            messages.success(
                request,
                _("Preferences saved.")
                if changed
                else _("Nothing changed: they are as they were."),
            )
            return redirect("preferences")
    return render(
        request, "accounts/preferences.html", {"form": form}, status=400 if form.errors else 200
    )


@require_POST
def language_set(request):
    """Django's set_language (the cookie, then back where the person was); for a signed-in
    person the choice is also their preference, which the pages and emails follow."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_preferences_set(
            actor=request.user, language=language, time_zone=request.user.time_zone
        )
    return response
