"""Rewrite README's generated sections (the finding-code table) from the code: `make docs`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pmprb_cli.catalogue import catalogue_markdown  # noqa: E402


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = f"<!-- codes:start -->\n{catalogue_markdown()}<!-- codes:end -->"
    text = re.sub(r"<!-- codes:start -->.*?<!-- codes:end -->", lambda _: block, text, flags=re.S)
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
