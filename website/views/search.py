"""The search page: one form, ranked results, highlighted matches."""

from cms.caching import page_cache
from website.pages import render_page
from website.search import search

DESCRIPTION = "Search sessions, day recaps, people, organisations, quotes and reports."


@page_cache(query=("q", "page"), rate_limit="search")
def results(request):
    found = search(request.GET.get("q", ""), request.GET.get("page", "1"))
    return render_page(
        request,
        "search/search_results.html",
        title=f"“{found.query}”: search" if found.query else "Search",
        description=DESCRIPTION,
        results=found,
    )
