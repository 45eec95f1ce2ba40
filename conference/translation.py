"""Fields of events, days and organisations written in each of settings.LANGUAGES
(django-modeltranslation); an empty translation shows the English text."""

from modeltranslation.translator import TranslationOptions, register

from conference.models import Day, Event, Organisation


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("name", "summary", "theme")


@register(Day)
class DayTranslation(TranslationOptions):
    fields = ("title", "recap_intro")


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("description",)
