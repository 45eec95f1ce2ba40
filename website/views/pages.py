"""Site-wide pages that belong to no event: the accessibility statement."""

import datetime as dt

from django.conf import settings
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
        title=f"Accessibility statement · {site_name}",
        description=(
            f"How accessible {site_name} is, what is not yet accessible, "
            "and how to report a problem."
        ),
        prepared=PREPARED,
        reviewed=REVIEWED,
        contact_email=settings.ACCESSIBILITY_CONTACT_EMAIL,
        site_name=site_name,
    )
