"""The site's English is British: "en" (the source language's code, which the translated
content's columns are named after) takes Django's en_GB dates and numbers, so editors type
and read 10/03/2025 as the tenth of March."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
