"""A report's title and summary in each of settings.LANGUAGES; an empty one shows the
English."""

from modeltranslation.translator import TranslationOptions, register

from reports.models import Report


@register(Report)
class ReportTranslation(TranslationOptions):
    fields = ("title", "subtitle", "summary")
