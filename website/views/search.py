"""The search page: one form, ranked results, highlighted matches."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.caching import page_cache
from website.pages import render_page
from website.search import search

DESCRIPTION = gettext_lazy(
    "Search sessions, day recaps, people, organisations, quotes and reports."
)


@page_cache(query=("q", "page"), rate_limit="search")
def results(request):
    found = search(request.GET.get("q", ""), request.GET.get("page", "1"))
    return render_page(
        request,
        "search/search_results.html",
        title=_("“%(query)s”: search") % {"query": found.query} if found.query else _("Search"),
        description=DESCRIPTION,
        results=found,
    )
