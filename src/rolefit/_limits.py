"""Resource limits shared by the readers, the extractor and the batch runner.

One home for each limit: the readers, the isolation sandbox, the extractor, the CLI
defaults and the docs all derive from these values, so a text the readers accept is never
refused by the extractor for its length.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "DEFAULT_BATCH_SIZE", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_CHARS", "DEFAULT_MAX_LEXEMES", "DEFAULT_MEMORY_MB",
    "DEFAULT_TIMEOUT_S", "MIN_MEMORY_MB",
]

#: Largest input file, in bytes, a reader opens.
DEFAULT_MAX_BYTES: Final = 20_000_000
#: Largest text, in characters (Python ``str`` length), that is read or scored.
DEFAULT_MAX_CHARS: Final = 200_000
#: Address-space cap of a reader worker process, in MiB.
DEFAULT_MEMORY_MB: Final = 1024
#: Smallest cap accepted: the sample CVs (PDF one and two columns, DOCX) read at 24 MiB and
#: fail at 16 (tests/test_readers.py); a lower cap would turn every ordinary CV into an error.
MIN_MEMORY_MB: Final = 32
#: Wall-clock seconds allowed to read one file.
DEFAULT_TIMEOUT_S: Final = 30.0
#: Lexemes the extractor's spaCy vocabulary may hold before the pipeline is rebuilt between
#: batches (every new word of every text adds one, about 480 bytes with its strings, measured
#: with spaCy 3.8: 100,000 is about 50 MB; a long batch would otherwise grow without bound).
DEFAULT_MAX_LEXEMES: Final = 100_000
#: Texts a batch scores per estimator call (and inputs per chunk with several processes or a
#: Dask scheduler): ``rolefit.batch.BatchOptions`` and ``rolefit batch --batch-size``.
DEFAULT_BATCH_SIZE: Final = 32
