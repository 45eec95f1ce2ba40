"""Page metadata: schema.org Person and Organization (dicts for the ``jsonld`` template
filter) and the list-page shape every app uses."""


def node_id(obj) -> str:
    """A JSON-LD `@id` from the object's UUID: the same on every page and after a move to
    another database, so that the nodes of several pages can be merged."""
    return f"urn:uuid:{obj.uuid}"


def organization(organisation, absolute) -> dict:
    data = {
        "@type": "Organization",
        "name": organisation.name,
        "url": absolute(organisation.get_absolute_url()),
    }
    if organisation.short_name:
        data["alternateName"] = organisation.short_name
    if organisation.website:
        data["sameAs"] = organisation.website
    if organisation.parent_id and type(organisation).parent.is_cached(organisation):
        data["parentOrganization"] = {"@type": "Organization", "name": organisation.parent.name}
    return data


def person(speaker, absolute) -> dict:
    """A person with the organisations they work for (from prefetched affiliations)."""
    data = {
        "@type": "Person",
        "@id": node_id(speaker),
        "name": speaker.full_name,
        "url": absolute(speaker.get_absolute_url()),
    }
    if speaker.honorific:
        data["honorificPrefix"] = speaker.honorific
    if speaker.photo:
        data["image"] = absolute(speaker.photo.url)
    if speaker.website:
        data["sameAs"] = speaker.website
    affiliations = list(speaker.affiliations.all())
    if affiliations:
        data["affiliation"] = [
            {"@type": "Organization", "name": a.organisation.name} for a in affiliations
        ]
        if affiliations[0].role:
            data["jobTitle"] = affiliations[0].role
    return data


def with_context(data: dict) -> dict:
    return {"@context": "https://schema.org", **data}


def _own_url(obj) -> str:
    return obj.get_absolute_url()


def item_list(name: str, objects, absolute, *, label=str, url=_own_url) -> dict:
    """A collection page listing objects by name and URL: the list pages of every app."""
    return with_context(
        {
            "@type": "CollectionPage",
            "name": name,
            "mainEntity": {
                "@type": "ItemList",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": position,
                        "name": label(obj),
                        "url": absolute(url(obj)),
                    }
                    for position, obj in enumerate(objects, start=1)
                ],
            },
        }
    )

