"""Speaker and organisation pages."""

from django.http import Http404

from cms.caching import page_cache
from website.metadata import absolute_builder, description
from website.pages import render_page
from website.selectors import people as selectors
from website.structured_data.people import item_list, organization, person, with_context


@page_cache(query=("letter", "page"), lists=True)
def speaker_list(request):
    page = selectors.speaker_list_page(
        letter=request.GET.get("letter", "")[:1], page=request.GET.get("page", "1")
    )
    return render_page(
        request,
        "speakers/speaker_list.html",
        title=f"Speakers{f' ({page.letter})' if page.letter else ''}",
        description="Everyone who spoke, chaired or edited a report, in alphabetical order.",
        structured_data=item_list("Speakers", page.page, absolute_builder(request)),
        page=page,
    )


def speaker_detail(request, slug):
    speaker = selectors.speaker_page(slug=slug)
    if speaker is None:
        raise Http404("No public person here.")
    return render_page(
        request,
        "speakers/speaker_detail.html",
        title=speaker.full_name,
        description=description(speaker.bio, _person_line(speaker)),
        structured_data=with_context(person(speaker, request.build_absolute_uri)),
        og_type="profile",
        speaker=speaker,
    )


def _person_line(speaker) -> str:
    affiliation = speaker.primary_affiliation
    if affiliation is None:
        return f"{speaker.full_name}: sessions and quotes."
    return f"{speaker.full_name}, {affiliation}: sessions and quotes."


@page_cache(lists=True)
def organisation_list(request):
    organisations = selectors.organisation_list()
    return render_page(
        request,
        "speakers/organisation_list.html",
        title="Organisations",
        description="The organisations whose people spoke or whose reports were launched.",
        structured_data=item_list("Organisations", organisations, request.build_absolute_uri),
        organisations=organisations,
    )


def organisation_detail(request, slug):
    page = selectors.organisation_page(slug=slug)
    if page is None:
        raise Http404("No public organisation here.")
    organisation = page.organisation
    return render_page(
        request,
        "speakers/organisation_detail.html",
        title=organisation.name,
        description=description(
            organisation.description,
            f"{organisation.name}: its people, their sessions and its reports.",
        ),
        structured_data=with_context(organization(organisation, request.build_absolute_uri)),
        page=page,
        organisation=organisation,
    )
