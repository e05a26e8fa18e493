"""Chinese government budget and final-accounts disclosures, from PDF to a canonical dataset.

The four stages live in their own top-level folders (extractors/, normalizers/, outputs/, pipeline/)
and are installed under this one import name: ``disclosure.extractors`` … ``disclosure.pipeline``
(pyproject.toml maps each folder with ``package-dir``).
"""

from importlib.metadata import version

# One place for the version: pyproject.toml, read back from the installed package's metadata.
__version__ = version("disclosure")
