"""Texts of sessions and quotes in each of settings.LANGUAGES; an empty one shows the
English."""

from modeltranslation.translator import TranslationOptions, register

from sessions.models import Quote, Session


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "subtitle", "summary", "recap_text")


@register(Quote)
class QuoteTranslation(TranslationOptions):
    fields = ("text",)
