"""What a browser posts from an admin change page, for the role and locking tests."""

from html.parser import HTMLParser


def hidden_locking_values(form) -> dict:
    """The hidden version fields (optimistic locking) that the page carried."""
    return {
        form.add_prefix(name): form[name].value()
        for name in ("version", "loaded_state")
        if name in form.fields
    }


def in_english(form, data: dict) -> dict:
    """``data`` with a translated field's name (``title``) turned into its English input's
    (``title_en``), as the admin form of ``form`` names it."""
    return {
        f"{name}_en" if f"{name}_en" in form.fields and name not in form.fields else name: value
        for name, value in data.items()
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
        "type": session.type_id or "",
        "track": session.track_id or "",
        "languages": session.languages,
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
    return in_english(page.context["adminform"].form, data | changes)


class _FormFields(HTMLParser):
    """The name/value pairs a browser would submit from the admin's change form."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._select = None
        self._option = None
        self._textarea = None

    def _add(self, name, value):
        if name and "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post" and "id" in attrs:
            self._in_form = attrs["id"].endswith("_form")
        if not self._in_form:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._add(attrs.get("name"), attrs.get("value", default))
        elif tag == "select":
            self._select = [attrs.get("name"), None, "multiple" in attrs, []]
        elif tag == "option" and self._select is not None:
            self._option = attrs
            if "selected" in attrs:
                self._select[3].append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select is not None:
            name, _, _, chosen = self._select
            for value in chosen or [""]:
                self._add(name, value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._add(name, text.removeprefix("\n"))
            self._textarea = None


def change_form_data(page, **changes) -> dict:
    """What a browser posts from the change form in ``page`` (its inline rows included),
    with ``changes`` applied."""
    parser = _FormFields()
    parser.feed(page.content.decode())
    data = {name: values if len(values) > 1 else values[0] for name, values in parser.data.items()}
    context = page.context or {}
    if "adminform" in context:
        changes = in_english(context["adminform"].form, changes)
    return data | changes


def browser_post_data(page, form_id: str) -> dict:
    """What a browser would post from the form ``form_id`` of ``page``, unchanged."""
    from lxml import html

    form = html.fromstring(page.content.decode()).get_element_by_id(form_id)
    data: dict = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}


def publish_pending_changes() -> None:
    """Publishes every pending change (``cms.drafts``), as an organiser reviewing them would:
    for tests of what an admin save of live content leads to once it is public."""
    from cms import drafts
    from cms.models import PendingChange

    for pending in PendingChange.objects.all():
        drafts.publish(pending, user=None)
