"""/api/v1/incidents/<reference>/links/ and /suggestions/: a claim's links and the
suggestions the mechanism made for it.

The claim is looked up as the caller sees it (404 otherwise); so is the claim at the
other end, and a link to a claim the caller cannot see is not listed. Writes go through
incidents.links.services and accept an Idempotency-Key."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.permissions import is_reviewer, is_secretariat
from core.api.idempotency import idempotent
from core.api.permissions import require_may_act
from core.api.schema import IDEMPOTENCY_HEADER, errors
from core.errors import validation_error

from ..models import Incident
from ..selectors import claim_or_404, incident_get_visible
from . import services
from .models import ClaimLink
from .selectors import links_of, suggestions_of
from .serializers import (
    LinkCreateSerializer,
    LinkSerializer,
    ReasonSerializer,
    SuggestionSerializer,
    link_json,
    suggestion_json,
)

ACTION_ERRORS = errors(400, 401, 403, 404, 409, 415, 429)
LINK_CODES = (
    "Refusals: 400 VALIDATION_ERROR, SELF_LINK, LINK_SAME_PARTY (a same-event link joins "
    "claims of opposite parties); 403 PERMISSION_DENIED (the secretariat, or a reviewer "
    "assigned to either claim); 404 NOT_FOUND, LINK_NOT_FOUND; 409 LINK_NOT_SUBMITTED, "
    "LINK_EXISTS, SUGGESTION_DECIDED."
)


class LinkBase(GenericAPIView):
    queryset = ClaimLink.objects.none()
    pagination_class = None
    # Who may write at all, tested once the claim is found visible and before the body
    # is read; the services test the pair itself (assigned to either claim).
    may_act = is_reviewer | is_secretariat


class ClaimLinkListView(LinkBase):
    """GET: the claim's links that the caller sees. POST: link the claim to another."""

    @extend_schema(
        operation_id="incidents_links_list",
        responses={200: LinkSerializer(many=True), **errors(401, 404, 429)},
    )
    def get(self, request, reference):
        claim = claim_or_404(request, reference)
        return Response(
            [link_json(link, claim) for link in links_of(user=request.user, claim=claim)]
        )

    @extend_schema(
        operation_id="incidents_links_create",
        description=LINK_CODES,
        request=LinkCreateSerializer,
        responses={201: LinkSerializer, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request, reference):
        claim = claim_or_404(request, reference)
        require_may_act(self, request)
        serializer = LinkCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        other = incident_get_visible(user=request.user, reference=data["other"])
        if other is None:
            raise validation_error({"other": _("No claim you can see has this reference.")})
        link = services.claim_link(
            actor=request.user, claim=claim, other=other, kind=data["kind"], reason=data["reason"]
        )
        link = ClaimLink.objects.select_related(
            "first__reporting_party", "second__reporting_party", "created_by"
        ).get(pk=link.pk)
        return Response(link_json(link, claim), status=status.HTTP_201_CREATED)


class ClaimLinkDetailView(LinkBase):
    """DELETE: remove the link between the claim and another, with a reason."""

    @extend_schema(
        operation_id="incidents_links_destroy",
        description=LINK_CODES,
        request=None,
        responses={204: None, **ACTION_ERRORS},
        parameters=[
            IDEMPOTENCY_HEADER,
            OpenApiParameter(
                "reason",
                {"type": "string", "minLength": 1, "maxLength": 2000},
                OpenApiParameter.QUERY,
                required=True,
                description="Why the link is removed (kept on both claims' trails)",
            ),
        ],
    )
    @idempotent
    def delete(self, request, reference, other):
        claim = claim_or_404(request, reference)
        other = claim_or_404(request, other)
        require_may_act(self, request)
        # A DELETE carries no body: the reason comes in the query.
        serializer = ReasonSerializer(data={"reason": request.query_params.get("reason", "")})
        serializer.is_valid(raise_exception=True)
        services.claim_unlink(
            actor=request.user, claim=claim, other=other, reason=serializer.validated_data["reason"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SuggestionListView(LinkBase):
    """GET: the claims the mechanism suggested may describe the same event as this one,
    in every state, the nearest first: for the reviewers and the secretariat."""

    queryset = Incident.objects.none()

    @extend_schema(
        operation_id="incidents_suggestions_list",
        responses={200: SuggestionSerializer(many=True), **errors(401, 403, 404, 429)},
    )
    def get(self, request, reference):
        claim = claim_or_404(request, reference)
        require_may_act(self, request)  # the reviewers and the secretariat only
        rows = suggestions_of(user=request.user, claim=claim, state=None)
        return Response([suggestion_json(s, claim) for s in rows])


class SuggestionDismissView(LinkBase):
    """POST: dismiss the open suggestion that the claim and another are the same event."""

    @extend_schema(
        operation_id="incidents_suggestions_dismiss",
        description=LINK_CODES,
        request=ReasonSerializer,
        responses={200: SuggestionSerializer, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request, reference, other):
        claim = claim_or_404(request, reference)
        other = claim_or_404(request, other)
        require_may_act(self, request)
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        suggestion = services.suggestion_dismiss(
            actor=request.user, claim=claim, other=other, reason=serializer.validated_data["reason"]
        )
        return Response(suggestion_json(suggestion, claim))
