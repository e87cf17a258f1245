"""Strict validation of xAPI statements for xAPI 1.0.3 and 2.0.0 (IEEE 9274.1.1-2023).

The LRS imports everything it needs from here: parsing and validating request bodies, the
statement comparison used for "same id, different body", and the `ids` / `canonical` formats.
"""

from schemas.xapi.compare import statements_equivalent
from schemas.xapi.errors import XAPIValidationError
from schemas.xapi.formats import to_canonical_format, to_ids_format
from schemas.xapi.statements import parse_statements, validate_actor, validate_statement
from schemas.xapi.versions import XAPIVersion

__all__ = [
    "XAPIValidationError",
    "XAPIVersion",
    "parse_statements",
    "statements_equivalent",
    "to_canonical_format",
    "to_ids_format",
    "validate_actor",
    "validate_statement",
]
