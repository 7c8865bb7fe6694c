"""Plain `assert` in the shared helpers shows its values on failure, as in the tests."""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("tests.hostile.harness", "tests.hostile.formats")
