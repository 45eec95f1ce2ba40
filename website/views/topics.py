"""Topic pages: everything published under one django-taggit topic."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from website.selectors import reports as selectors
from website.structured_data.people import item_list


def topic_url(topic) -> str:
    return reverse("topics:topic-detail", kwargs={"slug": topic.slug})


def topic_list(request):
    topics = selectors.topic_list()
    json_ld = item_list("Topics", topics, request.build_absolute_uri, url=topic_url)
    context = {
        "topics": topics,
        "json_ld": json_ld,
        "page_title": "Topics",
        "description": "Every topic of our sessions and reports.",
    }
    return render(request, "topics/topic_list.html", context)


def topic_detail(request, slug):
    page = selectors.topic_page(slug=slug)
    if page is None:
        raise Http404("No published content under this topic.")
    json_ld = item_list(
        f"Topic: {page.topic.name}",
        [*page.sessions, *page.reports],
        request.build_absolute_uri,
    )
    return render(
        request,
        "topics/topic_detail.html",
        {
            "page": page,
            "topic": page.topic,
            "json_ld": json_ld,
            "page_title": f"{page.topic.name} · Topics",
            "description": f"Sessions, quotes and reports on {page.topic.name}.",
        },
    )
