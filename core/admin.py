"""The admin's side of core.changes: every add, change and delete made through an admin
class that mixes this in writes an audit event with the record before and after.

Django's admin calls `log_addition` / `log_change` after every add or change it saves
(the change form, the list's inline editing, the password form) and `delete_model` /
`delete_queryset` for the delete page and the bulk delete action; those are the hooks.
The record as it was is read from the database before the form touches it.
"""

from django.contrib import admin
from django.db import transaction

from .changes import record_change, record_snapshot, record_snapshot_stored

_BEFORE = "_change_recording_before"


class ChangeRecordingAdmin(admin.ModelAdmin):
    """Mix into (before) the ModelAdmin of any record whose changes belong on the trail."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            setattr(obj, _BEFORE, record_snapshot(obj))
        return obj

    def save_model(self, request, obj, form, change):
        # The list's inline editing saves without get_object(): read the stored row here.
        if change and not hasattr(obj, _BEFORE):
            setattr(obj, _BEFORE, record_snapshot_stored(obj))
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        record_change(
            actor=request.user,
            instance=obj,
            before=None,
            after=record_snapshot_stored(obj),
            via="admin",
        )
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        record_change(
            actor=request.user,
            instance=obj,
            before=getattr(obj, _BEFORE, None) or record_snapshot_stored(obj),
            after=record_snapshot_stored(obj),
            via="admin",
        )
        setattr(obj, _BEFORE, record_snapshot_stored(obj))
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        with transaction.atomic():
            before = record_snapshot_stored(obj)
            super().delete_model(request, obj)
            record_change(actor=request.user, instance=obj, before=before, after=None, via="admin")

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            doomed = list(queryset.select_for_update())
            befores = [record_snapshot(obj) for obj in doomed]
            super().delete_queryset(request, queryset)
            for obj, before in zip(doomed, befores, strict=True):
                record_change(
                    actor=request.user, instance=obj, before=before, after=None, via="admin"
                )
