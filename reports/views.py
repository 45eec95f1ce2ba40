from django.http import Http404


def _missing(request, **kwargs):
    raise Http404


home = event_detail = day_recap = session_detail = quote_detail = _missing
speaker_list = speaker_detail = organisation_list = organisation_detail = _missing
report_list = report_detail = _missing
