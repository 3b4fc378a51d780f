#!/usr/bin/env python3
"""The English original that a Kubernetes Chinese translation keeps in HTML comments.

    python3 scripts/english_from_comments.py X_zh.md > X.md

The zh-cn localization of kubernetes/website keeps, above each translated
block, the English it was translated from, inside `<!-- ... -->`. Those blocks,
in order, are the English page at the revision the translator worked from: a
closer parallel text than the English page of today, which has moved on. The
first comment holds the front matter; `<!-- overview -->` and `<!-- body -->`
markers are kept as they are.
"""
import re
import sys


def english(text):
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    blocks = re.findall(r"<!--(.*?)-->", body, flags=re.S)
    out = []
    for i, b in enumerate(blocks):
        inner = b.strip("\n")
        if inner.strip() in ("overview", "body"):
            out.append(f"<!-- {inner.strip()} -->")
        elif i == 0 and re.match(r"\s*title:", inner):
            out.insert(0, "---\n" + inner.strip() + "\n---")
        else:
            out.append(inner.strip(" ").rstrip())
    return "\n\n".join(out) + "\n"


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        sys.stdout.write(english(f.read()))
