"""Site-wide pages that belong to no event: the accessibility statement."""

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from conference.models import SiteIdentity
from website.pages import render_page

# When the statement was written and last reviewed against the site as it is; a change to
# the site's accessibility means reviewing the statement and moving REVIEWED.
PREPARED = dt.date(2026, 11, 30)
REVIEWED = dt.date(2026, 11, 30)


@require_safe
def accessibility_statement(request):
    site_name = SiteIdentity.current().name
    return render_page(
        request,
        "pages/accessibility_statement.html",
        title=_("Accessibility statement · %(site)s") % {"site": site_name},
        description=_(
            "How accessible %(site)s is, what is not yet accessible, "
            "and how to report a problem."
        )
        % {"site": site_name},
        prepared=PREPARED,
        reviewed=REVIEWED,
        contact_email=settings.ACCESSIBILITY_CONTACT_EMAIL,
        site_name=site_name,
    )
