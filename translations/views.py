"""The narrative on a record's page, original and translations side by side, and the
forms that add or correct a translation. The record's page includes
translations/_narrative.html with narrative_context(); a refused form is answered with the
record's own page (status 400), the typed text kept."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import record_action

from .forms import TranslationCorrectForm, TranslationForm
from .permissions import can_translate_narrative
from .registry import translatable_of
from .selectors import narrative_side_by_side, translation_record_or_404, translations_of
from .services import translation_add, translation_correct


def narrative_context(user, record, forms=None) -> dict:
    """What translations/_narrative.html needs: the narrative side by side and, for who
    may translate, the forms (a bound one that failed, from `forms`)."""
    forms = forms or {}
    narrative = narrative_side_by_side(record)
    may = can_translate_narrative.test(user, record)
    done = [t.language for t in narrative["translations"]]
    correcting = forms.get("translation_correct")
    for t in narrative["translations"]:
        if correcting is not None and correcting.data.get("language") == t.language:
            t.correct_form = correcting
        elif may:
            t.correct_form = TranslationCorrectForm(
                initial={"language": t.language, "version": t.version, "text": t.text}
            )
    add = forms.get("translation") or TranslationForm(
        original=narrative["original"]["language"], done=done
    )
    # Ids of their own, beside the page's other forms and each other's.
    add.auto_id = "id_translation_%s"
    for t in narrative["translations"]:
        if getattr(t, "correct_form", None) is not None:
            t.correct_form.auto_id = f"id_translation_{t.language}_%s"
    return {
        "narrative": narrative,
        "can_translate": may,
        "translation_form": add if may and add.fields["language"].choices else None,
    }


def _page(translatable):
    def page(request, record, *, forms=None, status=200):
        return translatable.render_page(request, record, forms=forms, status=status)

    return page


@login_required
@require_POST
def translation_add_view(request, record_type, reference):
    record = translation_record_or_404(
        user=request.user, record_type=record_type, reference=reference
    )
    translatable = translatable_of(record)
    done = list(translations_of(record).values_list("language", flat=True))
    return record_action(
        request,
        record,
        page=_page(translatable),
        redirect_to=translatable.page,
        key="translation",
        predicate=can_translate_narrative,
        form=TranslationForm(
            request.POST,
            original=getattr(record, translatable.language_field),
            done=done,
        ),
        perform=lambda obj, form: translation_add(
            actor=request.user,
            record=obj,
            language=form.cleaned_data["language"],
            text=form.cleaned_data["text"],
            note=form.cleaned_data["note"],
        ),
        done=_("Translation added, marked unofficial."),
    )


@login_required
@require_POST
def translation_correct_view(request, record_type, reference):
    record = translation_record_or_404(
        user=request.user, record_type=record_type, reference=reference
    )
    translatable = translatable_of(record)
    return record_action(
        request,
        record,
        page=_page(translatable),
        redirect_to=translatable.page,
        key="translation_correct",
        predicate=can_translate_narrative,
        form=TranslationCorrectForm(request.POST),
        perform=lambda obj, form: translation_correct(
            actor=request.user,
            record=obj,
            language=form.cleaned_data["language"],
            text=form.cleaned_data["text"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        ),
        done=_("Translation corrected: the earlier version stays on the timeline."),
    )
