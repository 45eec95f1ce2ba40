"""An event's public site as static files; see ``export.py``."""

from website.site_export.export import ExportError, ExportSummary, export_site

__all__ = ["ExportError", "ExportSummary", "export_site"]
