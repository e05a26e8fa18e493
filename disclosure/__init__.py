"""Chinese government budget and final-accounts disclosures, from PDF to a canonical dataset.

The four stages live in their own top-level folders (extractors/, normalizers/, outputs/, pipeline/)
and are installed under this one import name: ``disclosure.extractors`` … ``disclosure.pipeline``
(pyproject.toml maps each folder with ``package-dir``).
"""

from __future__ import annotations

from functools import cache


@cache
def package_version() -> str:
    """One place for the version: pyproject.toml, read back from the installed package's metadata."""
    from importlib.metadata import version

    return version("disclosure")


def __getattr__(name: str) -> str:
    # __version__ on first use: reading the metadata costs every command's start-up time.
    if name == "__version__":
        return package_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
