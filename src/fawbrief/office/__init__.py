"""LibreOffice: PDFs and slide pictures."""
