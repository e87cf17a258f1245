"""Attachment headers (1.0.3 Data §2.4.11, 9274.1.1 §4.2.2.6).

`usageType`, `display`, `contentType`, `length` and `sha2` are required; `sha2` is required even
with a `fileUrl`. The hash is checked as hexadecimal of a SHA-2 length because the multipart
`X-Experience-API-Hash` header must equal it (Communication §1.5.2).
"""

from typing import NotRequired

from pydantic import with_config
from typing_extensions import TypedDict

from schemas.xapi.primitives import (
    IRI,
    IRL,
    STRICT,
    LanguageMap,
    MediaType,
    NonNegativeInt,
    Sha2Hex,
)

SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"


@with_config(STRICT)
class Attachment(TypedDict):
    usageType: IRI
    display: LanguageMap
    description: NotRequired[LanguageMap]
    contentType: MediaType
    length: NonNegativeInt
    sha2: Sha2Hex
    fileUrl: NotRequired[IRL]
