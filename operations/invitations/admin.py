"""Invitations in the admin: sent through the same service as the page, never edited."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation, User, organisation_errors

from .services import invitation_send


class InvitationAddForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role", "party", "cochair"]

    def clean(self):
        data = super().clean()
        party, cochair = data.get("party"), data.get("cochair")
        if "role" in data:
            for field, message in organisation_errors(
                data["role"], getattr(party, "pk", None), getattr(cochair, "pk", None)
            ).items():
                self.add_error(field, message)
        email = data.get("email")
        if email and User.objects.filter(email__iexact=email).exists():
            self.add_error("email", _("An account with this email address exists already."))
        return data

    def _post_clean(self):
        # The service fills in the rest (times, status, who invited): no model validation
        # of a half-made row here.
        pass


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "party", "cochair", "status", "created", "expires"]
    list_filter = ["status", "role"]
    search_fields = ["email"]
    readonly_fields = [
        "email",
        "role",
        "party",
        "cochair",
        "status",
        "invited_by",
        "created",
        "expires",
        "emailed_at",
        "accepted_at",
        "user",
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = InvitationAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return InvitationAddForm.Meta.fields if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        sent = invitation_send(
            invited_by=request.user,
            base_url=request.build_absolute_uri("/"),
            **{name: form.cleaned_data[name] for name in InvitationAddForm.Meta.fields},
        )
        obj.pk = sent.pk
        obj.__dict__.update(
            {f.attname: getattr(sent, f.attname) for f in sent._meta.concrete_fields}
        )
