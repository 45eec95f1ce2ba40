"""The search page: one form, ranked results, highlighted matches."""

from django.shortcuts import render

from website.search import search


def results(request):
    found = search(request.GET.get("q", ""), request.GET.get("page", "1"))
    return render(request, "search/search_results.html", {"results": found})
