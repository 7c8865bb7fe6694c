"""The hashes a run takes, without loading OpenSSL.

`hashlib` loads OpenSSL's libcrypto to offer its algorithms, about 3 ms of a one-proposal run's
start-up. Python's own SHA-256 is slower per byte (about 3.6 ms a MiB, OpenSSL's 0.6), but a
run hashes well under a MiB: the proposal and the rule pack, whose SHA-256 reports print. What
no report shows (the rule-pack cache's key and its check of an entry) takes BLAKE2b, Python's
own and about three times as fast as its SHA-256. hashlib is the fallback for a Python built
without its own hashes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import blake2b, sha256
else:
    try:
        from _sha2 import sha256  # Python 3.12 and later
    except ImportError:
        try:
            from _sha256 import sha256  # Python 3.11
        except ImportError:
            from hashlib import sha256
    try:
        from _blake2 import blake2b
    except ImportError:
        from hashlib import blake2b

_OWN_UP_TO = 1 << 20  # bytes of proposals hashed with Python's own SHA-256
_hashed = 0


def proposal_sha256(data: bytes) -> str:
    """A proposal's SHA-256, in hex. Python's own for the first MiB a process hashes, as above;
    OpenSSL's after that, loaded once: a run over a thousand proposals hashes some 25 MiB,
    which Python's own would take ten times as long over."""
    global _hashed
    _hashed += len(data)
    if _hashed <= _OWN_UP_TO:
        return sha256(data).hexdigest()
    import hashlib

    return hashlib.sha256(data).hexdigest()


__all__ = ["blake2b", "proposal_sha256", "sha256"]
