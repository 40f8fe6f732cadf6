"""What counts as an address in text: every form a link can take, and e-mail addresses.

Takes nothing; gives the two patterns that the checks (a translation may not add or change an
address) and the pseudo-translator (an address is kept as it is) share, so that both agree on
what an address is.
"""

from __future__ import annotations

import re

# Every form a link can take: a scheme with "//" (http, ftp, any other), a scheme-relative
# "//host", "www.", the schemes without "//" that links use (javascript:, data:, mailto:…),
# and a bare domain with a path (evil.example/x). A trailing punctuation mark is the
# sentence's, not the address's.
URL = re.compile(
    r"(?:(?<![\w+.-])[a-z][a-z0-9+.-]*://"
    r"|(?<![\w:/])//(?=[\w-]+(?:\.[\w-]+)+)"
    r"|www\."
    r"|(?<![\w+.-])(?:javascript|vbscript|mailto|tel|file):(?=\S)"
    r"|(?<![\w+.-])data:(?=[\w.+-]*[/,;])"
    r"|(?<![\w@./:-])(?=(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}/))"
    r"[^\s<>\"«»“”]*[^\s<>\"«»“”.,;:!?)\]}’']",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
