"""The search page: one form, ranked results, highlighted matches."""

from django.shortcuts import render

from cms.caching import page_cache
from website.search import search


@page_cache(query=("q", "page"), rate_limit="search")
def results(request):
    found = search(request.GET.get("q", ""), request.GET.get("page", "1"))
    return render(request, "search/search_results.html", {"results": found})
