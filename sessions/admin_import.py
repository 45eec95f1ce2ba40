"""The admin's schedule import: upload a frab XML/JSON file, read what it would change, confirm.

The first step runs the import as a dry run (sessions/services.py), so the summary and any
error are exactly the command's. The confirmation carries the file itself, compressed and
signed, in a hidden field: nothing is kept on the server between the two steps, and the
import that runs is the one that was previewed. Wired in config/urls.py before the admin.
"""

import base64
import zlib

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from conference.models import Event, validate_time_zone
from sessions.models import Session
from sessions.schedule.importer import import_schedule
from sessions.schedule.reading import (
    MAX_SCHEDULE_BYTES,
    TOO_LARGE,
    ScheduleError,
    canonical_zone,
)

# An import writes all of these; the Editor and Organiser groups hold them.
IMPORT_PERMISSIONS = (
    "conference.add_event", "conference.change_event", "conference.add_day",
    "conference.change_day", "conference.add_room", "programme.add_session",
    "programme.change_session", "programme.add_participation",
    "programme.change_participation", "programme.delete_participation",
    "programme.add_sessiontype", "programme.add_track", "programme.add_link",
    "programme.delete_link", "speakers.add_speaker", "conference.import_content",
)  # fmt: skip
PUBLISH_PERMISSION = "conference.publish_content"
CONFIRM_MAX_AGE = 60 * 60  # seconds a preview stays valid
SIGNER_SALT = "programme.schedule-import"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Schedule file",
        help_text="A frab schedule.xml or schedule.json, as pretalx, frab, the CCC hub or "
        "FOSDEM publish it (at most 10 MB).",
    )
    event = forms.ModelChoiceField(
        queryset=Event.objects.all(),
        required=False,
        empty_label="The file's own conference (found by its acronym, or created)",
        help_text="Or an event to import the programme into.",
    )
    time_zone = forms.CharField(
        required=False,
        max_length=64,
        label="Time zone",
        help_text="Such as Europe/Berlin: the zone of times without an offset when the file "
        "names none, and of an event the import creates.",
    )
    sync = forms.BooleanField(
        required=False,
        label="Withdraw sessions the file no longer has",
        help_text="They go back to draft; nothing is deleted.",
    )
    publish = forms.BooleanField(
        required=False,
        label="Publish what the import creates",
        help_text="Otherwise new events, days and sessions are drafts.",
    )

    def __init__(self, *args, can_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish"]

    def clean_time_zone(self) -> str:
        value = canonical_zone(self.cleaned_data["time_zone"].strip())
        if value:
            try:
                validate_time_zone(value)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        return value

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SCHEDULE_BYTES:
            raise forms.ValidationError(f"{TOO_LARGE} Nothing was imported.")
        return upload.read()


class ConfirmForm(forms.Form):
    """The previewed upload, carried back signed: the file, the event, the time zone and the
    publish and sync flags."""

    payload = forms.CharField(widget=forms.HiddenInput)

    @staticmethod
    def sign(*, data: bytes, event: Event | None, publish: bool, sync: bool, time_zone: str) -> str:
        packed = base64.b64encode(zlib.compress(data, 9)).decode("ascii")
        flags = ("1" if publish else "0") + ("1" if sync else "0")
        value = ":".join([event.slug if event else "", flags, time_zone, packed])
        return _signer().sign(value)

    def clean_payload(self) -> dict:
        try:
            value = _signer().unsign(self.cleaned_data["payload"], max_age=CONFIRM_MAX_AGE)
            event, flags, time_zone, packed = value.split(":", 3)
            data = zlib.decompress(base64.b64decode(packed, validate=True))
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                "The preview is more than an hour old; upload the file again."
            ) from error
        except (signing.BadSignature, ValueError, zlib.error) as error:
            raise forms.ValidationError(
                "The confirmation was changed or damaged; upload the file again."
            ) from error
        return {
            "file": data,
            "event": event or None,
            "publish": flags[0] == "1",
            "sync": flags[1] == "1",
            "time_zone": time_zone,
        }


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SIGNER_SALT)


def _check_permissions(request) -> bool:
    """Raises unless the user may import; answers whether they may also publish."""
    if not request.user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied(
            "Importing a schedule is for organisers: it needs the import permission and "
            "permission to add and change events, days, rooms, sessions and people."
        )
    return request.user.has_perm(PUBLISH_PERMISSION)


def _render(request, step: str, **context):
    return TemplateResponse(
        request,
        "admin/programme/session/import_schedule.html",
        {
            **admin.site.each_context(request),
            "opts": Session._meta,
            "title": "Import a schedule",
            "step": step,
            **context,
        },
    )


def _preview(request, form: UploadForm):
    """The dry run: its summary and a confirmation form, or the file's error on the form."""
    data, event = form.cleaned_data["file"], form.cleaned_data["event"]
    publish = form.cleaned_data.get("publish", False)
    sync, time_zone = form.cleaned_data["sync"], form.cleaned_data["time_zone"]
    try:
        report = import_schedule(
            data=data,
            event_slug=event.slug if event else None,
            dry_run=True,
            publish=publish,
            sync=sync,
            time_zone=time_zone,
        )
    except ScheduleError as error:
        # One message per problem: a file may have many, all reported at once.
        form.add_error("file", [*error.problems, "Nothing was imported."])
        return _render(request, "upload", form=form)
    payload = ConfirmForm.sign(
        data=data, event=event, publish=publish, sync=sync, time_zone=time_zone
    )
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and len(payload) > limit - 4096:
        form.add_error(
            "file",
            "The file is too large to confirm through the admin; import it with "
            "“python manage.py import_schedule FILE”.",
        )
        return _render(request, "upload", form=form)
    return _render(
        request,
        "confirm",
        report=report,
        file_name=request.FILES["file"].name,
        event_exists=Event.objects.filter(slug=report.event_slug).exists(),
        publish=publish,
        confirm_form=ConfirmForm(initial={"payload": payload}),
    )


def _import(request, form: ConfirmForm, can_publish: bool):
    content = form.cleaned_data["payload"]
    try:
        report = import_schedule(
            data=content["file"],
            event_slug=content["event"],
            publish=content["publish"] and can_publish,
            sync=content["sync"],
            time_zone=content["time_zone"],
        )
    except ScheduleError as error:  # the database changed since the preview
        return _render(
            request,
            "upload",
            form=UploadForm(can_publish=can_publish),
            problems=[f"{error} Nothing was imported."],
        )
    changes = "; ".join(f"{label}: {counts}" for label, counts in report.changes())
    messages.success(request, f"The schedule was imported into “{report.event_slug}”. {changes}.")
    event = Event.objects.get(slug=report.event_slug)
    changelist = reverse("admin:programme_session_changelist")
    return redirect(f"{changelist}?{urlencode({'day__event__id__exact': event.pk})}")


@require_http_methods(["GET", "POST"])
def import_schedule_view(request):
    """Upload (GET, then POST with a file) -> dry-run summary -> confirm (POST with payload)."""
    can_publish = _check_permissions(request)
    if request.method == "POST" and "payload" in request.POST:
        confirm = ConfirmForm(request.POST)
        if confirm.is_valid():
            return _import(request, confirm, can_publish)
        return _render(
            request,
            "upload",
            form=UploadForm(can_publish=can_publish),
            problems=confirm.errors.get("payload", []),
        )
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, can_publish=can_publish)
        if form.is_valid():
            return _preview(request, form)
    else:
        form = UploadForm(can_publish=can_publish)
    return _render(request, "upload", form=form)
