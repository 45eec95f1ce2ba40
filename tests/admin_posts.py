"""What a browser posts from an admin change page, for the role and locking tests."""


def hidden_locking_values(form) -> dict:
    """The hidden version fields (optimistic locking) that the page carried."""
    return {
        form.add_prefix(name): form[name].value()
        for name in ("version", "loaded_state")
        if name in form.fields
    }


def session_change_data(page, session, **changes) -> dict:
    """The session change form as opened in ``page``, resubmitted with ``changes``."""
    tz = session.day.event.tzinfo
    start, end = session.start.astimezone(tz), session.end.astimezone(tz)
    data = {
        "day": session.day_id,
        "code": session.code,
        "title": session.title,
        "slug": session.slug,
        "kind": session.kind,
        "start_0": start.date().isoformat(),
        "start_1": start.strftime("%H:%M"),
        "end_0": end.date().isoformat(),
        "end_1": end.strftime("%H:%M"),
        "order": session.order,
        "summary": session.summary,
        "recap_text": session.recap_text,
        "status": session.status,
        **hidden_locking_values(page.context["adminform"].form),
    }
    for inline in page.context["inline_admin_formsets"]:
        data[f"{inline.formset.prefix}-TOTAL_FORMS"] = 0
        data[f"{inline.formset.prefix}-INITIAL_FORMS"] = 0
    return data | changes


def browser_post_data(page, form_id: str) -> dict:
    """What a browser would post from the form ``form_id`` of ``page``, unchanged."""
    from lxml import html

    form = html.fromstring(page.content).get_element_by_id(form_id)
    data: dict = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}
