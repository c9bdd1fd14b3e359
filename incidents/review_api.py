"""The review's API actions on a claim (/api/v1/incidents/<reference>/submit/, ...): the
engine's views (verification.api) with the claim's lookup, answer and schema."""

from drf_spectacular.utils import extend_schema

from core.api.schema import errors
from verification import api as review_api
from verification.api import action_schema

from .api import incident_detail_payload
from .models import Incident
from .selectors import claim_or_404
from .serializers import AmendSerializer, IncidentDetailSerializer


class ClaimReview:
    queryset = Incident.objects.none()
    lookup = staticmethod(claim_or_404)
    payload = staticmethod(incident_detail_payload)


class SubmitView(ClaimReview, review_api.SubmitView):
    @action_schema(None, IncidentDetailSerializer)
    def post(self, request, reference):
        return super().post(request, reference)


class WithdrawView(ClaimReview, review_api.WithdrawView):
    @action_schema(review_api.WithdrawSerializer, IncidentDetailSerializer)
    def post(self, request, reference):
        return super().post(request, reference)


class AssignView(ClaimReview, review_api.AssignView):
    @action_schema(review_api.AssignSerializer, IncidentDetailSerializer)
    def post(self, request, reference):
        return super().post(request, reference)


class ReplyView(ClaimReview, review_api.ReplyView):
    pass


class FindingView(ClaimReview, review_api.FindingView):
    pass


class AmendView(ClaimReview, review_api.AmendView):
    amend_serializer = AmendSerializer

    @action_schema(AmendSerializer, IncidentDetailSerializer)
    def post(self, request, reference):
        return super().post(request, reference)


class ReviewView(ClaimReview, review_api.ReviewView):
    @extend_schema(responses={200: review_api.ReviewSerializer, **errors(401, 404, 429)})
    def get(self, request, reference):
        return super().get(request, reference)


class EventListView(ClaimReview, review_api.EventListView):
    @extend_schema(responses={200: review_api.EventSerializer(many=True), **errors(401, 404, 429)})
    def get(self, request, reference):
        return super().get(request, reference)
