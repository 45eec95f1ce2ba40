"""The public pages and files of one event, by area, for the static-site export."""

from website.site_urls import event, people, reports, sessions

SITE_URL_MODULES = (event, people, reports, sessions)
