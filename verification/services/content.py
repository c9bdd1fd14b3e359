"""Editing a draft and amending a submitted record, keeping the old content."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import CommonError, ServiceError, validation_error
from notifications import services as notifications

from ..review import record_noun, reviewable_of
from ..statuses import Status
from ..workflow import check_transition
from .common import _assigned_reviewers, _audit, _lock, require_reporting_officer


def _content_snapshot(record) -> dict:
    """The record's content fields as JSON (foreign keys by id), kept by an amendment."""
    spec = reviewable_of(record)
    snapshot = {
        field: getattr(record, record._meta.get_field(field).attname)
        for field in spec.content_fields
    }
    return json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))


def _unknown_fields(spec, data: dict) -> dict:
    return dict.fromkeys(sorted(set(data) - set(spec.content_fields)), "Unknown field.")


def review_update_draft(*, actor, record, data: dict, expected_version: int | None = None):
    """Change a draft of the officer's own party (a claim or an action report).

    Locks the record; refuses PERMISSION_DENIED, NOT_YOUR_PARTY, ILLEGAL_TRANSITION (not a
    draft: amend it instead), STALE_VERSION (someone else saved first) or VALIDATION_ERROR.
    Writes one `draft_edited` event naming the changed fields; a change of nothing writes
    nothing."""
    with transaction.atomic():
        draft = _lock(record)
        spec = reviewable_of(draft)
        require_reporting_officer(actor, draft)
        if draft.status != Status.DRAFT:
            raise ServiceError(
                CommonError.ILLEGAL_TRANSITION,
                _("Only drafts can be edited; amend a submitted %(record)s.")
                % {"record": record_noun(spec.noun)},
            )
        if expected_version is not None and expected_version != draft.version:
            raise ServiceError(
                CommonError.STALE_VERSION, _("The draft was changed by someone else.")
            )
        unknown = _unknown_fields(spec, data)
        if unknown:
            raise validation_error(unknown)
        changed = []
        for field, value in data.items():
            if getattr(draft, field) != value:
                setattr(draft, field, value)
                changed.append(field)
        if not changed:
            return draft
        spec.validate(draft)
        draft.version += 1
        draft.save()
        _audit(
            draft,
            actor=actor,
            action="draft_edited",
            from_status=draft.status,
            payload={"fields": sorted(changed)},
        )
        return draft


def review_amend(*, actor, record, data: dict, reason: str, expected_version: int | None = None):
    """Correct a submitted record (a claim or an action report): the old content is kept
    as a revision with the reason.

    Locks the record; writes a revision (review.Reviewable.revision_model) and an
    `amended` event; notifies the assigned reviewers and the answering party. Raises
    NOT_YOUR_PARTY, ILLEGAL_TRANSITION (draft, decided or withdrawn), STALE_VERSION or
    VALIDATION_ERROR (including a missing reason or a change of a fixed field, such as a
    record's accused party)."""
    with transaction.atomic():
        record = _lock(record)
        spec = reviewable_of(record)
        require_reporting_officer(actor, record)
        check_transition("amend", record.status)
        if expected_version is not None and expected_version != record.version:
            raise ServiceError(
                CommonError.STALE_VERSION,
                _("The %(record)s was changed by someone else.")
                % {"record": record_noun(spec.noun)},
            )
        errors = {}
        if not (reason or "").strip():
            errors["reason"] = _("Say why the %(record)s is amended.") % {
                "record": record_noun(spec.noun)
            }
        errors.update(_unknown_fields(spec, data))
        for field in spec.fixed_fields:
            if field in data and data[field] != getattr(record, field):
                label = field.replace("_", " ")
                errors[field] = _("The %(field)s cannot be amended; withdraw and refile.") % {
                    "field": label
                }
        if errors:
            raise validation_error(errors)
        previous = _content_snapshot(record)
        changed = []
        for field, value in data.items():
            if getattr(record, field) != value:
                setattr(record, field, value)
                changed.append(field)
        if not changed:
            raise validation_error({"non_field_errors": _("The amendment changes nothing.")})
        spec.validate(record)
        number = spec.revisions(record).count() + 1
        spec.revision_model.objects.create(
            **{spec.link: record},
            number=number,
            previous_content=previous,
            changed_fields=sorted(changed),
            reason=reason.strip(),
            amended_by=actor,
        )
        record.version += 1
        record.save()
        _audit(
            record,
            actor=actor,
            action="amended",
            from_status=record.status,
            payload={"revision": number, "fields": sorted(changed), "reason": reason.strip()},
        )
        notifications.notify(
            _assigned_reviewers(record) + notifications.people_of_party(record.accused_party_id),
            kind="amended",
            params={"reference": record.reference, "party": record.reporting_party.name},
            subject_type=spec.subject_type,
            subject_ref=record.reference,
        )
        return record
