"""Shared ground every stage stands on, one owner per concept: errors and exit codes (``errors``), units
(``units``) and OOXML namespaces (``namespaces``), design tokens (``tokens``), layout ids (``layouts``), the
languages (``languages``), the build date (``build_date``), text rules, the one text-measurement model
(``text_metrics`` over ``font_tables``), the one vetted package opener (``package_vet``) and the slides' fact
records (``slide_facts``).

Imports nothing from the rest of fawbrief."""
