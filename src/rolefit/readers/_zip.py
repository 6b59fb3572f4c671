"""ZIP containers (DOCX and any future ZIP-based format): safe opening, bomb limits, the
DOCTYPE refusal, and the wording for ZIP packages no registered format claims.

Before an XML parser sees anything, the archive is checked with :mod:`zipfile` for the
limits below, and any part containing ``<!DOCTYPE`` (in UTF-8/16/32) is refused as
PARSE_ERROR: the Open Packaging Conventions (and ODF) forbid DTDs, so such a file is
malformed whatever it declares, and refusing it unparsed removes entity-expansion attacks
(RESOURCE_LIMIT is kept for limits that were measured and crossed).

==========================  ===============  ===================================
limit                       default          error code
==========================  ===============  ===================================
ZIP members                 1,000            ``RESOURCE_LIMIT``
uncompressed total          100,000,000 B    ``RESOURCE_LIMIT``
member ratio                100:1 (>1 MB)    ``RESOURCE_LIMIT``
==========================  ===============  ===================================
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import Final

from rolefit.errors import Errors, ReadError
from rolefit.readers._base import fail, parse_error

#: ZIP limits: member count, total uncompressed bytes, per-member inflation ratio
#: (checked for members larger than ``ZIP_RATIO_MIN_BYTES``).
ZIP_MAX_MEMBERS: Final = 1_000
ZIP_MAX_TOTAL_BYTES: Final = 100_000_000
ZIP_MAX_RATIO: Final = 100
ZIP_RATIO_MIN_BYTES: Final = 1_000_000
ZIP_MAGIC: Final = (b"PK\x03\x04", b"PK\x05\x06")

_ZIP_ERRORS: Final = (  # what zipfile raises on damaged archives
    zipfile.BadZipFile, zlib.error, struct.error, NotImplementedError, OSError, ValueError,
    EOFError, RuntimeError, LookupError,
)
_DOCTYPE_PATTERNS: Final = tuple(
    "<!DOCTYPE".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)


def is_zip(data: bytes) -> bool:
    """Whether ``data`` starts like a ZIP archive."""
    return data.startswith(ZIP_MAGIC)


def open_zip(data: bytes, where: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise parse_error(where, "ZIP", exc) from None


def zip_read(zf: zipfile.ZipFile, member: str, where: str) -> bytes:
    return b"".join(zip_chunks(zf, member, where))


def zip_chunks(zf: zipfile.ZipFile, member: str, where: str) -> Iterator[bytes]:
    # zipfile stops at the declared size and checks the CRC, so a member cannot
    # inflate beyond what check_zip accepted.
    try:
        with zf.open(member) as handle:
            while chunk := handle.read(1 << 20):
                yield chunk
    except _ZIP_ERRORS as exc:  # RuntimeError: encrypted member; NotImplementedError: compression
        raise parse_error(where, "ZIP", exc) from None


def check_zip(zf: zipfile.ZipFile, where: str) -> None:
    """Refuse ZIP bombs and DOCTYPE declarations before an XML parser sees anything."""
    members = zf.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise _zip_limit(where, f"{len(members):,} ZIP members", f"{ZIP_MAX_MEMBERS:,} members")
    total = sum(info.file_size for info in members)
    if total > ZIP_MAX_TOTAL_BYTES:
        raise _zip_limit(where, f"{total:,} bytes uncompressed", f"{ZIP_MAX_TOTAL_BYTES:,} bytes")
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > ZIP_RATIO_MIN_BYTES and ratio > ZIP_MAX_RATIO:
            detail = f"member {info.filename!r} inflates {ratio:,.0f}:1 to {info.file_size:,} bytes"
            raise _zip_limit(where, detail, f"{ZIP_MAX_RATIO}:1")
    for info in members:
        if info.is_dir():
            continue
        tail = b""
        for chunk in zip_chunks(zf, info.filename, where):
            window = tail + chunk
            if any(pattern in window for pattern in _DOCTYPE_PATTERNS):
                raise fail("PARSE_ERROR", Errors.RF515, where, part=info.filename)
            tail = window[-40:]


def _zip_limit(where: str, detail: str, limit: str) -> ReadError:
    return fail("RESOURCE_LIMIT", Errors.RF514, where, detail=detail, limit=limit)


def refuse_unknown_zip(data: bytes, where: str, formats: str) -> ReadError:
    """UNSUPPORTED_FORMAT for a ZIP no registered format claimed, naming what it is."""
    with open_zip(data, where) as zf:
        names = set(zf.namelist())
        if "xl/workbook.xml" in names:
            kind, fix = "an Excel workbook", "export the CV as .docx or PDF."
        elif "ppt/presentation.xml" in names:
            kind, fix = "a PowerPoint presentation", "export the CV as PDF."
        elif "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
            mimetype = zip_read(zf, "mimetype", where).decode("ascii", "replace").strip()
            kind = f"a ZIP package of type {mimetype!r} (e.g. OpenDocument)"
            fix = "save the CV as .docx or PDF."
        else:
            kind = "a ZIP archive that is not a Word document"
            fix = "unpack it and read the files inside."
    return fail("UNSUPPORTED_FORMAT", Errors.RF508, where, kind=kind, fix=fix, formats=formats)
