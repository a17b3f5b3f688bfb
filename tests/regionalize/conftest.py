"""Plain-function tests of the pure library: no Django settings or database are needed.

When the project is not installed (e.g. a bare checkout), import the library from ``src``.
"""

import sys
from pathlib import Path

# rz_helpers sits next to the tests; make it importable whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import regionalize  # noqa: F401
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
