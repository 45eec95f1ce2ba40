"""Uploaded documents: PDFs opened with pypdf before they are accepted.

Used by every file field that takes a PDF (report PDFs, session attachments), so an editor
gets the same clear form error for a damaged, encrypted or empty file wherever they upload it.
"""

from django.core.exceptions import ValidationError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

PDF_MAGIC = b"%PDF-"


def validate_pdf_file(file) -> None:
    """Opens the upload as a PDF: a damaged, empty or encrypted file is refused.

    Only new uploads are checked; a stored file was checked when it was uploaded.
    """
    if getattr(file, "_committed", False):
        return
    file.seek(0)
    try:
        reader = PdfReader(file)
        if reader.is_encrypted:
            raise ValidationError(
                "This PDF is encrypted or password-protected: upload an unprotected copy.",
                code="encrypted_pdf",
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, OSError):
        raise ValidationError(
            "This file is not a readable PDF (it is damaged or not a PDF at all).",
            code="invalid_pdf",
        ) from None
    finally:
        file.seek(0)
    if not pages:
        raise ValidationError("This PDF has no pages.", code="empty_pdf")
