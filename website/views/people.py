"""Speaker and organisation pages."""

from django.http import Http404
from django.shortcuts import render

from cms.caching import page_cache
from website.links import absolute_builder, href
from website.metadata import description
from website.selectors import people as selectors
from website.structured_data.people import item_list, organization, person, with_context


@page_cache(query=("letter", "page"))
def speaker_list(request):
    page = selectors.speaker_list_page(
        letter=request.GET.get("letter", "")[:1], page=request.GET.get("page", "1")
    )
    json_ld = item_list("Speakers", page.page, absolute_builder(request), url=href)
    context = {
        "page": page,
        "json_ld": json_ld,
        "page_title": f"Speakers{f' ({page.letter})' if page.letter else ''}",
        "description": "Everyone who spoke, chaired or edited a report, in alphabetical order.",
    }
    return render(request, "speakers/speaker_list.html", context)


def speaker_detail(request, slug):
    speaker = selectors.speaker_page(slug=slug)
    if speaker is None:
        raise Http404("No public person here.")
    json_ld = with_context(person(speaker, request.build_absolute_uri))
    return render(
        request,
        "speakers/speaker_detail.html",
        {
            "speaker": speaker,
            "json_ld": json_ld,
            "page_title": speaker.full_name,
            "description": description(speaker.bio, _person_line(speaker)),
            "og_type": "profile",
        },
    )


def _person_line(speaker) -> str:
    affiliation = speaker.primary_affiliation
    if affiliation is None:
        return f"{speaker.full_name}: sessions and quotes."
    return f"{speaker.full_name}, {affiliation}: sessions and quotes."


def organisation_list(request):
    organisations = selectors.organisation_list()
    json_ld = item_list("Organisations", organisations, request.build_absolute_uri)
    return render(
        request,
        "speakers/organisation_list.html",
        {
            "organisations": organisations,
            "json_ld": json_ld,
            "page_title": "Organisations",
            "description": "The organisations whose people spoke or whose reports were launched.",
        },
    )


def organisation_detail(request, slug):
    page = selectors.organisation_page(slug=slug)
    if page is None:
        raise Http404("No public organisation here.")
    return render(
        request,
        "speakers/organisation_detail.html",
        {
            "page": page,
            "organisation": page.organisation,
            "json_ld": with_context(organization(page.organisation, request.build_absolute_uri)),
            "page_title": page.organisation.name,
            "description": description(
                page.organisation.description,
                f"{page.organisation.name}: its people, their sessions and its reports.",
            ),
        },
    )
