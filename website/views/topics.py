"""Topic pages: everything published under one django-taggit topic."""

from django.http import Http404
from django.urls import reverse

from cms.caching import page_cache
from website.pages import render_page
from website.selectors import reports as selectors
from website.structured_data.people import item_list


def topic_url(topic) -> str:
    return reverse("topics:topic-detail", kwargs={"slug": topic.slug})


@page_cache(lists=True)
def topic_list(request):
    topics = selectors.topic_list()
    return render_page(
        request,
        "topics/topic_list.html",
        title="Topics",
        description="Every topic of our sessions and reports.",
        structured_data=item_list("Topics", topics, request.build_absolute_uri, url=topic_url),
        topics=topics,
    )


@page_cache(lists=True)
def topic_detail(request, slug):
    page = selectors.topic_page(slug=slug)
    if page is None:
        raise Http404("No published content under this topic.")
    return render_page(
        request,
        "topics/topic_detail.html",
        title=f"{page.topic.name} · Topics",
        description=f"Sessions, quotes and reports on {page.topic.name}.",
        structured_data=item_list(
            f"Topic: {page.topic.name}", [*page.sessions, *page.reports], request.build_absolute_uri
        ),
        page=page,
        topic=page.topic,
    )
