"""The page store: public pages and files rendered when what they show changes, kept as
files that a web server serves without Python.

- ``recording``: while a page renders, every content object it loads is noted (its key,
  ``label:pk``), so each stored file knows what it shows.
- ``changes``: a save, delete or relation change gives the keys it touches; once the
  transaction commits, a task re-renders only the stored files that show one of them.
- ``files``: the store itself, a Django storage (a folder by default, S3-compatible
  storage in production), written atomically.
- ``rendering``: renders a path through the whole site, records what it showed and writes
  (or removes) its file.
- ``middleware``: serves stored files in development and wherever no web server sits in
  front, and fills the store on a miss.
"""

from cms.page_store.recording import details

__all__ = ["details"]
