"""The one compiled part: PDFium's getters called in C loops (extractors/pdfium_loops.c).

Optional: where it cannot be built, the reader makes the same calls one by one from Python
(extractors/pdfium_bulk.py), with the same results, slower. Everything else is in pyproject.toml.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "disclosure.extractors._pdfium_loops",
            sources=["extractors/pdfium_loops.c"],
            optional=True,
        )
    ]
)
