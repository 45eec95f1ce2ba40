"""A session's files: its WebVTT transcript and its attachments (slides, handouts).

Both are checked by their content when uploaded, so the admin answers a wrong file with a
form error and nothing is saved, and both live in private storage: only the views that
check the session is public (``website/views/session_files.py``) hand them out.
"""

import html
import uuid
from dataclasses import dataclass
from pathlib import PurePath

import webvtt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.utils.text import slugify
from webvtt.errors import MalformedCaptionError, MalformedFileError

from cms.documents import PDF_MAGIC, validate_pdf_file
from cms.images import open_checked_image, sanitise_image

# A new paragraph after a pause this long, or once a paragraph has this many characters.
PARAGRAPH_PAUSE_SECONDS = 4
PARAGRAPH_CHARACTERS = 600


def private_storage():
    """Transcripts and attachments are kept apart from public media (``MEDIA_URL``)."""
    return storages["private"]


def _megabytes(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB"


# Transcripts.


@dataclass(frozen=True)
class Paragraph:
    """Consecutive cues of one voice, shown as one paragraph under its first timestamp."""

    start: int  # seconds from the start of the recording
    speaker: str
    text: str

    @property
    def timestamp(self) -> str:
        hours, rest = divmod(self.start, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def _read_text(file) -> str:
    limit = settings.MAX_UPLOAD_TRANSCRIPT_BYTES
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    if len(data) > limit:
        raise ValidationError(
            f"The transcript is larger than {_megabytes(limit)}.", code="too_large"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "The transcript is not UTF-8 text: save it as a UTF-8 WebVTT (.vtt) file.",
            code="invalid_transcript",
        ) from None


def parse_transcript(text: str) -> list[Paragraph]:
    """The cues of a WebVTT document grouped into paragraphs; ValidationError if it is not one."""
    try:
        captions = webvtt.WebVTT.from_string(text).captions
    except (MalformedFileError, MalformedCaptionError, ValueError):
        raise ValidationError(
            "This file is not a WebVTT transcript: it must start with “WEBVTT” and "
            "contain timed cues (00:00:01.000 --> 00:00:04.000).",
            code="invalid_transcript",
        ) from None
    paragraphs: list[Paragraph] = []
    speaker, start, end, words = "", 0, 0, []
    for caption in captions:
        text = html.unescape(" ".join(caption.text.split()))
        if not text:
            continue
        voice = html.unescape(caption.voice or "").strip()
        new_voice = bool(voice) and voice != speaker
        pause = caption.start_in_seconds - end >= PARAGRAPH_PAUSE_SECONDS
        full = sum(len(w) + 1 for w in words) >= PARAGRAPH_CHARACTERS
        if words and (new_voice or pause or full):
            paragraphs.append(Paragraph(start, speaker, " ".join(words)))
            words = []
        if not words:
            start = caption.start_in_seconds
        if voice:
            speaker = voice
        words.append(text)
        end = caption.end_in_seconds
    if words:
        paragraphs.append(Paragraph(start, speaker, " ".join(words)))
    if not paragraphs:
        raise ValidationError("This transcript has no text in its cues.", code="empty_transcript")
    return paragraphs


def read_transcript(file) -> list[Paragraph]:
    return parse_transcript(_read_text(file))


def transcript_plain_text(paragraphs: list[Paragraph]) -> str:
    """What the site search matches: each paragraph as “Speaker: words”."""
    return "\n\n".join(
        f"{p.speaker}: {p.text}" if p.speaker else p.text for p in paragraphs
    )


def validate_transcript_file(file) -> None:
    """Field validator: only a new upload is read; a stored file was checked on upload."""
    if getattr(file, "_committed", False):
        return
    read_transcript(file)


def transcript_name(session, filename: str) -> str:
    return f"sessions/transcripts/{uuid.uuid4().hex}.vtt"


class TranscriptField(models.FileField):
    """A WebVTT file whose words are kept in the model's ``transcript_text`` for searching.

    The text is drawn from the file on every save that has one (imports and publication of
    a pending change included), so it never describes another file than the one stored.
    """

    default_validators = [validate_transcript_file]

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.widget.attrs["accept"] = ".vtt,text/vtt"
        return field

    def pre_save(self, model_instance, add):
        file = super().pre_save(model_instance, add)
        if not file:
            model_instance.transcript_text = ""
        elif getattr(model_instance, "_transcript_read_from", None) != file.name:
            with file.open("rb"):
                paragraphs = read_transcript(file)
            model_instance.transcript_text = transcript_plain_text(paragraphs)
            model_instance._transcript_read_from = file.name
        return file


# Attachments.

ATTACHMENT_TYPES = {"pdf": "PDF", "jpg": "JPEG image", "png": "PNG image", "webp": "WebP image"}
ATTACHMENT_ACCEPT = "application/pdf,image/jpeg,image/png,image/webp"


def _attachment_head(file) -> bytes:
    limit = settings.MAX_UPLOAD_ATTACHMENT_BYTES
    if file.size is not None and file.size > limit:
        raise ValidationError(f"The file is larger than {_megabytes(limit)}.", code="too_large")
    file.seek(0)
    head = file.read(1024)
    file.seek(0)
    return head


def validate_attachment_file(file) -> None:
    """A PDF (its ``%PDF-`` signature, then opened with pypdf) or a sound image, within the
    size limit; anything else is refused with what is accepted."""
    if getattr(file, "_committed", False):
        return
    head = _attachment_head(file)
    if head.startswith(PDF_MAGIC):
        validate_pdf_file(file)
        return
    try:
        open_checked_image(file).close()
    except ValidationError as error:
        if error.code != "unreadable_image":
            raise
        raise ValidationError(
            "Attach a PDF or an image (JPEG, PNG or WebP); this file is neither.",
            code="invalid_attachment",
        ) from None


def attachment_name(attachment, filename: str) -> str:
    """An unguessable name with the extension of the checked content."""
    return f"sessions/attachments/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class AttachmentFileField(models.FileField):
    """Stores a PDF as uploaded and an image re-encoded without metadata, and records the
    stored file's size in the model's ``size``."""

    default_validators = [validate_attachment_file]

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            if _attachment_head(file).startswith(PDF_MAGIC):
                file.name = "upload.pdf"
            else:
                clean = sanitise_image(file)
                file.file, file.name = clean, clean.name
        file = super().pre_save(model_instance, add)
        model_instance.size = file.size if file else 0
        return file

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.widget.attrs["accept"] = ATTACHMENT_ACCEPT
        return field


def attachment_filename(title: str, stored_name: str) -> str:
    return f"{slugify(title) or 'attachment'}{PurePath(stored_name).suffix}"


def attachment_type(name: str) -> str:
    """“PDF”, “PNG image”… from a stored name (named after its checked content)."""
    return ATTACHMENT_TYPES.get(PurePath(name).suffix.lower().lstrip("."), "File")

