"""What every browser page shares: the permission check behind a button, the one shape of
an action posted from a record's page, and the one shape of a page with a form."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render

from .errors import ServiceError
from .forms import form_add_service_error


def require(predicate, user, obj=None) -> None:
    """403 when a record the user can see does not allow them the action (its button is
    hidden, so a POST anyway is refused the same way)."""
    if not predicate.test(user, obj):
        raise PermissionDenied


def action_view(
    request,
    obj,
    *,
    predicate,
    form,
    perform: Callable,
    done: str,
    redirect_to: str,
    rerender: Callable,
):
    """One action from a record's page: the predicate, the form, the service (in one
    transaction with any files it stores), a message, and back to the page.

    `perform(form)` calls the service; a ServiceError lands on the form as an error and
    `rerender(form)` answers the page again (status 400 by the caller's choice), so a
    refusal is never a 500 and loses nothing typed.
    """
    require(predicate, request.user, obj)
    if form.is_valid():
        try:
            with transaction.atomic():
                perform(form)
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(redirect_to, reference=obj.reference)
    return rerender(form)


def record_action(
    request, obj, *, page: Callable, redirect_to: str, key: str, perform: Callable, **action
):
    """action_view for a record's page: on a refusal the page is answered again with the
    bound form under `key` (status 400); `perform(obj, form)` calls the service.
    `page(request, obj, forms=..., status=...)` renders the record's page."""
    return action_view(
        request,
        obj,
        perform=lambda form: perform(obj, form),
        redirect_to=redirect_to,
        rerender=lambda form: page(request, obj, forms={key: form}, status=400),
        **action,
    )


def form_page(request, form, *, perform: Callable, success: Callable, template: str, context: dict):
    """A page with one form: GET shows it; a valid POST runs `perform(form)` in one
    transaction (with any files it stores) and `success(result)` answers (a message and a
    redirect). A ServiceError lands on the form and the page answers 400 with what was
    typed, so a refusal is never a 500 and loses nothing."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                result = perform(form)
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            return success(result)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


def posted_int(request, name: str) -> int | None:
    """A whole number posted in `name` (a version read with the form), or None."""
    try:
        return int(request.POST.get(name))
    except (TypeError, ValueError):
        return None


def saved(request, message: str, url_name: str, obj):
    """The answer to a saved form: a message, and the record's page."""
    messages.success(request, message)
    return redirect(url_name, reference=obj.reference)
