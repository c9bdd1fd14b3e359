"""A record's narrative translations over the API: the list (also nested in the record's
detail), POST to add one, POST to `<language>/` to correct one as a new version.

The views know no record type: api.urls routes each record type's
`<collection>/<ref>/translations/` here with its `record_type`. The record is found
through the caller's visibility (404 otherwise), then the service decides: codes
TRANSLATION_NOT_ALLOWED (403), TRANSLATION_SAME_AS_ORIGINAL (409), TRANSLATION_EXISTS
(409), TRANSLATION_MISSING (404), STALE_VERSION (409), VALIDATION_ERROR (400).
"""

import re

from django.urls import re_path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.api.idempotency import idempotent
from core.api.schema import errors

from .languages import language_codes
from .models import NarrativeTranslation
from .selectors import translation_record_or_404, translations_of
from .serializers import (
    TranslationCorrectSerializer,
    TranslationSerializer,
    TranslationWriteSerializer,
    translation_json,
)
from .services import translation_add, translation_correct, translation_require_allowed


def translations_json(record) -> list[dict]:
    """The nested list of a record's detail (a record already loaded through visibility)."""
    return [translation_json(t) for t in translations_of(record)]


class TranslationListView(GenericAPIView):
    """The unofficial translations of a record's narrative; POST adds one."""

    record_type = ""
    pagination_class = None
    queryset = NarrativeTranslation.objects.none()  # for the schema; reads go through the record
    serializer_class = TranslationWriteSerializer

    def _record(self, request, reference):
        return translation_record_or_404(
            user=request.user, record_type=self.record_type, reference=reference
        )

    @extend_schema(responses={200: TranslationSerializer(many=True), **errors(401, 404, 429)})
    def get(self, request, reference):
        return Response(translations_json(self._record(request, reference)))

    @extend_schema(
        request=TranslationWriteSerializer,
        responses={201: TranslationSerializer, **errors(400, 401, 403, 404, 409, 415, 429)},
    )
    @idempotent
    def post(self, request, reference):
        record = self._record(request, reference)
        translation_require_allowed(request.user, record)  # before the body is read
        body = TranslationWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        translation = translation_add(
            actor=request.user,
            record=record,
            language=body.validated_data["language"],
            text=body.validated_data["text"],
            note=body.validated_data.get("note", ""),
        )
        return Response(translation_json(translation), status=status.HTTP_201_CREATED)


class TranslationCorrectView(GenericAPIView):
    """POST the corrected text of the translation into `language`: a new version."""

    record_type = ""
    pagination_class = None
    queryset = NarrativeTranslation.objects.none()
    serializer_class = TranslationCorrectSerializer

    @extend_schema(
        request=TranslationCorrectSerializer,
        responses={200: TranslationSerializer, **errors(400, 401, 403, 404, 409, 415, 429)},
    )
    @idempotent
    def post(self, request, reference, language):
        record = translation_record_or_404(
            user=request.user, record_type=self.record_type, reference=reference
        )
        translation_require_allowed(request.user, record)  # before the body is read
        body = TranslationCorrectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        translation = translation_correct(
            actor=request.user,
            record=record,
            language=language,
            text=body.validated_data["text"],
            note=body.validated_data.get("note", ""),
            expected_version=body.validated_data.get("version"),
        )
        return Response(translation_json(translation))


def translation_routes(collection: str, reference: str, record_type: str) -> list:
    """`<collection>/<ref>/translations/` and `.../translations/<language>/` for one
    record type, named `<record_type>-translations` and `<record_type>-translation`."""

    listing = type(
        f"{record_type.title().replace('_', '')}TranslationListView",
        (TranslationListView,),
        {"record_type": record_type},
    )
    correct = extend_schema_view(
        post=extend_schema(operation_id=f"{collection.replace('-', '_')}_translations_correct")
    )(
        type(
            f"{record_type.title().replace('_', '')}TranslationCorrectView",
            (TranslationCorrectView,),
            {"record_type": record_type},
        )
    )
    base = rf"^{collection}/{reference}/translations"
    name = record_type.replace("_", "-")
    # The languages offered, longest first ("fa-af" before a shorter code it starts with):
    # any other segment is no translation's address (404), as the schema says.
    languages = "|".join(sorted((re.escape(code) for code in language_codes()), key=len)[::-1])
    return [
        re_path(rf"{base}/$", listing.as_view(), name=f"{name}-translations"),
        re_path(
            rf"{base}/(?P<language>{languages})/$",
            correct.as_view(),
            name=f"{name}-translation",
        ),
    ]
