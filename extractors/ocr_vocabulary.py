"""Words the OCR extractor needs to recognise, as data (logic modules never spell Chinese)."""

from __future__ import annotations

import re

# The inscription at the centre of an official seal (附件专用章, 财务专用章, XX之章, 公章). A text box
# that is only such an inscription is stamp ink over the page, not page text.
SEAL_INSCRIPTION = re.compile(r"^.{0,8}(专用章|之章|公章|印章)$")
