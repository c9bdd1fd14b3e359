from django.urls import re_path

from . import views

KIND = r"(?P<record_type>[a-z_]{1,32})"
REFERENCE = r"(?P<reference>[A-Z]{3}(-[A-Z]{3})?-[0-9]{4}-[0-9]{4,})"

urlpatterns = [
    re_path(
        rf"^translations/{KIND}/{REFERENCE}/$",
        views.translation_add_view,
        name="translation-add",
    ),
    re_path(
        rf"^translations/{KIND}/{REFERENCE}/correct/$",
        views.translation_correct_view,
        name="translation-correct",
    ),
]
