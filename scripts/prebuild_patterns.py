"""Write the prebuilt skill-matcher patterns of the bundled taxonomy (``make prebuilt``).

The token keys of every taxonomy surface form, as the pipeline's normalising tokenizer reads
them, go to ``src/rolefit/data/prebuilt_patterns.npz`` (see ``rolefit.nlp._prebuilt``), so that
loading the pipeline does not tokenize 3,500 surface forms. Run it after editing the taxonomy,
the normaliser or the separators and marks of the context rules, or after upgrading spaCy;
``tests/test_prebuilt.py`` fails while the file is stale (loading still works then: it
tokenizes, as without the file).

Run: ``.venv/bin/python scripts/prebuild_patterns.py``
"""

from __future__ import annotations

import argparse
import time

from rolefit.nlp._prebuilt import write_prebuilt


def main() -> int:
    t0 = time.perf_counter()
    path = write_prebuilt()
    print(f"wrote {path} ({path.stat().st_size:,} bytes) in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    raise SystemExit(main())
