"""The programme in exchange formats: iCalendar, frab XML/JSON and CSV, and schedule import.

Every format starts from the same `EventSchedule` (selectors.py) and the same identifiers
(identifiers.py), so exports agree with each other and an import finds what an export wrote.
"""
