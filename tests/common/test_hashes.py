from __future__ import annotations

import hashlib
import subprocess
import sys

from collabcheck.common import hashes

TEXT = b"collabcheck\0" * 10_000


def test_sha256_is_sha256() -> None:
    assert hashes.sha256(b"abc").hexdigest() == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    digest = hashes.sha256()
    digest.update(TEXT[:7])
    digest.update(TEXT[7:])
    assert digest.hexdigest() == hashlib.sha256(TEXT).hexdigest()


def test_blake2b_is_blake2b() -> None:
    assert hashes.blake2b(TEXT).hexdigest() == hashlib.blake2b(TEXT).hexdigest()
    short = hashes.blake2b(TEXT, digest_size=32).hexdigest()
    assert short == hashlib.blake2b(TEXT, digest_size=32).hexdigest()
    assert len(short) == 64


def _printed(code: str) -> str:
    """What `code` prints, run in a fresh interpreter (which has loaded no hash module)."""
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    return found.stdout


def test_hashing_does_not_load_openssl() -> None:
    code = (
        "import sys\n"
        "from collabcheck.common import hashes\n"
        "hashes.sha256(b'x').hexdigest(), hashes.blake2b(b'x').hexdigest()\n"
        "print(sorted({'hashlib', '_hashlib'} & set(sys.modules)))\n"
    )
    assert _printed(code) == "[]\n"


def test_a_proposals_sha256_is_the_same_before_and_after_openssl_takes_over() -> None:
    code = (
        "import sys\n"
        "from collabcheck.common import hashes\n"
        "block = bytes(range(256)) * 1024\n"
        "digests = [hashes.proposal_sha256(block) for _ in range(4)]\n"
        "own = '_hashlib' not in sys.modules\n"
        "digests += [hashes.proposal_sha256(block) for _ in range(2)]\n"
        "switched = own and '_hashlib' in sys.modules\n"
        "import hashlib\n"
        "assert digests == [hashlib.sha256(block).hexdigest()] * 6, digests\n"
        "print(switched, hashes._hashed)\n"
    )
    assert _printed(code) == f"True {6 * 256 * 1024}\n"  # OpenSSL took over after a MiB
