"""The xAPI versions this package validates for."""

from typing import Literal

# The LRS maps any 1.0.x X-Experience-API-Version header to "1.0.3" and 2.0.x to "2.0.0".
XAPIVersion = Literal["1.0.3", "2.0.0"]
