"""PostgreSQL advisory-lock ids, stable across processes and releases."""

from __future__ import annotations

import zlib


def lock_id(name: str) -> int:
    return zlib.crc32(f"helpdesk:{name}".encode())
