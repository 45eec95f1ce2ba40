"""Sessions and speakers of a programme as CSV for organisers' spreadsheets.

UTF-8 with a byte-order mark (so that Excel reads the accents), a header row, and every
cell that a spreadsheet would take for a formula prefixed with an apostrophe (defusedcsv).
Cells are trimmed first, so that a leading tab or line break cannot hide a formula.
"""

import io

from defusedcsv import csv

from sessions.schedule.selectors import EventSchedule
from sessions.schedule.text import plain_text


def _cell(value) -> str:
    return "" if value is None else str(value).strip()


def _render(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def _local(moment, tz, pattern: str) -> str:
    return moment.astimezone(tz).strftime(pattern) if moment else ""


def render_sessions_csv(programme: EventSchedule, *, base_url: str) -> bytes:
    tz = programme.event.tzinfo
    rows = (
        [
            session.code,
            session.title,
            session.day.number,
            session.day.date.isoformat(),
            _local(session.start, tz, "%H:%M"),
            _local(session.end, tz, "%H:%M"),
            session.room.name if session.room_id else "",
            session.get_kind_display(),
            "; ".join(p.speaker.full_name for p in session.participations.all()),
            "; ".join(session.topic_names),
            plain_text(session.summary),
            session.recording_url,
            base_url + session.get_absolute_url(),
        ]
        for session in programme.sessions
    )
    header = [
        "Code", "Title", "Day", "Date", "Start", "End", "Room", "Kind", "Speakers", "Topics",
        "Summary", "Recording", "URL",
    ]  # fmt: skip
    return _render(header, rows)


def render_speakers_csv(programme: EventSchedule, *, base_url: str) -> bytes:
    sessions_by_speaker = {}
    for session in programme.sessions:
        for participation in session.participations.all():
            sessions_by_speaker.setdefault(participation.speaker_id, []).append(session)
    rows = (
        [
            speaker.honorific,
            speaker.name,
            "; ".join(str(affiliation) for affiliation in speaker.affiliations.all()),
            "; ".join(session.title for session in sessions_by_speaker[speaker.pk]),
            speaker.website,
            base_url + speaker.get_absolute_url(),
        ]
        for speaker in programme.speakers
    )
    header = ["Honorific", "Name", "Affiliations", "Sessions", "Website", "URL"]
    return _render(header, rows)
