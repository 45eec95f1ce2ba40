"""Public pages of an event: home, event, programme, now and next, and day recap."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.caching import never_page_cached, page_cache
from conference.models import Day, SiteIdentity
from website.forms import ProgrammeFilterForm
from website.metadata import absolute_builder, description
from website.pages import public_event, render_page
from website.selectors import event as selectors
from website.selectors.recap import build_day_recap
from website.structured_data import event as jsonld
from website.templatetags.conference_tags import british_date

SITE_DESCRIPTION = gettext_lazy(
    "Programmes, day recaps, speakers, quotes and reports of our conferences."
)


def current_programme(request):
    """The navigation's "Programme": the programme of the current (or next) event."""
    event = selectors.current_event()
    if event is None:
        return redirect("conference:home")
    return redirect("conference:programme", event=event.slug)


def day_recap(request, event, number):
    day = get_object_or_404(Day.objects.public().with_event(), event__slug=event, number=number)
    recap = build_day_recap(day=day)
    event = recap.event
    sessions = [(item.session, item.participations) for item in recap.sessions]
    return render_page(
        request,
        "conference/day_recap.html",
        title=_("%(day)s recap, %(date)s · %(event)s")
        % {"day": day.label, "date": british_date(day.date), "event": event.name},
        description=description(
            day.recap_intro,
            _("%(event)s: %(day)s recap, %(date)s")
            % {"event": event.name, "day": day.label, "date": british_date(day.date)},
        ),
        structured_data=jsonld.event_data(event, absolute_builder(request), sessions=sessions),
        event=event,
        og_type="article",
        recap=recap,
        day=day,
    )


@page_cache(lists=True, clock=True)
def home(request):
    site_name = SiteIdentity.current().name
    return render_page(
        request,
        "conference/event_list.html",
        title=site_name,
        description=SITE_DESCRIPTION,
        structured_data={
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": site_name,
            "url": request.build_absolute_uri("/"),
        },
        page=selectors.home_page(),
    )


@page_cache(lists=True)
def event_detail(request, event):
    event = public_event(event)
    return render_page(
        request,
        "conference/event_detail.html",
        title=event.name,
        description=description(event.summary, event.theme or event.name),
        structured_data=jsonld.event_data(event, request.build_absolute_uri),
        event=event,
        page=selectors.event_page(event=event),
    )


@page_cache(query=("view", "topic", "kind", "room", "language"), clock=True)
def programme(request, event, number=None):
    """One day of the programme: day ``number``, else the running or first day."""
    if request.GET.get("view") == "now":
        return redirect("conference:programme-now", event=event)
    event = public_event(event)
    form = ProgrammeFilterForm(
        request.GET, choices=selectors.programme_filter_choices(event=event)
    )
    programme = selectors.programme(event=event, filters=form.filters(), number=number)
    if programme is None:
        raise Http404("No such day in the programme.")
    sessions = [(session, session.people) for session in programme.sessions]
    shown = programme.day.day if programme.day else None
    return render_page(
        request,
        "conference/event_programme.html",
        title=_("Programme · %(event)s") % {"event": event.name},
        description=(
            _("The programme of %(event)s, %(day)s: %(date)s.")
            % {"event": event.name, "day": shown.label, "date": british_date(shown.date)}
            if shown
            else _("The programme of %(event)s.") % {"event": event.name}
        ),
        structured_data=jsonld.event_data(event, absolute_builder(request), sessions=sessions),
        event=event,
        programme=programme,
        form=form,
        query=request.GET.urlencode(),
    )


@never_page_cached
def programme_now(request, event):
    event = public_event(event)
    return render_page(
        request,
        "conference/event_now.html",
        title=_("Now and next · %(event)s") % {"event": event.name},
        description=_("The sessions of %(event)s running now and starting next.")
        % {"event": event.name},
        event=event,
        now=selectors.now_and_next(event=event),
    )
