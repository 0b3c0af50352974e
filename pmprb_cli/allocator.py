"""The boundary with the C allocator: keep freed memory in the process during a batch (glibc only).

Every workbook allocates a few hundred kilobytes (the inflated parts, the copy calamine reads, its grid)
and frees them before the next. glibc hands blocks over 128 KB back to the kernel at once (mmap) and
trims the heap as soon as its free top passes 128 KB, so every workbook faulted the same memory in again:
200,000 page faults and 0.6 s of system time per 1000 workbooks, a tenth of the batch. Two settings stop
that: blocks under 4 MB come from the heap, and up to 64 MB of freed heap is kept for the next workbook.
Peak memory does not grow (the heap never holds more than one workbook's worth more than before); a
hostile part of tens of megabytes is still mapped and returned at once.
"""

from __future__ import annotations

import os
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD = 4 * 1024 * 1024
_TRIM_THRESHOLD = 64 * 1024 * 1024
_state: dict[str, bool] = {}


def keep_freed_memory() -> bool:
    """Tune glibc's malloc for a batch of workbooks, once per process; False where it does not apply.

    Not on other systems or C libraries, and not when the user set glibc's own MALLOC_*_ variables.
    """
    if "tuned" in _state:
        return _state["tuned"]
    _state["tuned"] = False
    if not sys.platform.startswith("linux") or any(k.startswith("MALLOC_") for k in os.environ):
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
        mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
        mallopt.restype = ctypes.c_int
    except (OSError, AttributeError, TypeError):
        return False  # no mallopt here (musl, or a C library that is not glibc)
    tuned = bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD))
    _state["tuned"] = tuned
    return tuned
