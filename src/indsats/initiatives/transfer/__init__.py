"""Import and export of the initiative catalogue as XLSX.

The file format (sheets and columns) is defined once in ``columns``; ``export`` writes it and
``importer`` reads it, all or nothing, with a Danish message for every bad cell.
"""

from .export import catalogue_export, catalogue_rows, catalogue_template
from .importer import CatalogueImportError, ImportResult, catalogue_check, catalogue_import
from .reading import ImportIssue

__all__ = [
    "CatalogueImportError",
    "ImportIssue",
    "ImportResult",
    "catalogue_check",
    "catalogue_export",
    "catalogue_import",
    "catalogue_rows",
    "catalogue_template",
]
