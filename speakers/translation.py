"""A person's biography in each of settings.LANGUAGES; an empty one shows the English."""

from modeltranslation.translator import TranslationOptions, register

from speakers.models import Speaker


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("bio",)
