"""A stable pseudonymous person key within one export, and nothing that outlives it.

Each export draws a fresh random 256-bit key; the person key is HMAC-SHA256(key, person id),
truncated. The same person gets the same key on every row of one export (so a reader can count
repeat contacts), but keys from two exports cannot be linked, and because the key is never
stored or logged, nobody (us included) can turn a key back into a person afterwards.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets


class Pseudonymiser:
    def __init__(self, key: bytes | None = None) -> None:
        # Tests may pass a key to get repeatable output; real exports never do.
        self._key = key if key is not None else secrets.token_bytes(32)

    def person_key(self, person_id: str | None) -> str:
        if not person_id:
            return ""
        digest = hmac.new(self._key, person_id.encode("utf-8"), hashlib.sha256).hexdigest()
        return "P-" + digest[:16]
