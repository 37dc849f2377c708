# SPDX-License-Identifier: GPL-3.0-or-later
"""Exceptions: one class per gait_status (include/gait/status.h), all deriving from GaitError.

Each carries ``status`` (the C enum value), ``reason`` (gait_strerror()) and ``detail``
(gait_last_error_detail(): the file, offset, field or argument at fault). The classes also derive
from the closest built-in exception, so ``except ValueError`` or ``except OSError`` work too."""
from __future__ import annotations


class GaitError(Exception):
    """A libgait call failed; ``str(err)`` is "<reason>: <detail>"."""

    status: int = -1

    def __init__(self, message: str, detail: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.detail = detail
        self.reason = reason


class GaitIOError(GaitError, OSError):
    """GAIT_E_IO: a file could not be opened, read or written."""

    status = 1


class FormatError(GaitError, ValueError):
    """GAIT_E_FORMAT: the input is malformed or truncated."""

    status = 2


class InvalidArgumentError(GaitError, ValueError):
    """GAIT_E_INVALID_ARG: an argument is out of its documented range (also raised by the Python
    layer for arrays of the wrong shape)."""

    status = 3


class NoMemoryError(GaitError, MemoryError):
    """GAIT_E_NOMEM: an allocation failed."""

    status = 4


class UnsupportedError(GaitError):
    """GAIT_E_UNSUPPORTED: valid input that libgait does not handle (named in the detail)."""

    status = 5


class NoDataError(GaitError):
    """GAIT_E_NO_DATA: empty input, or nothing usable in it."""

    status = 6


class NumericError(GaitError, ArithmeticError):
    """GAIT_E_NUMERIC: a numerical method failed (singular system, unstable filter)."""

    status = 7


class BufferSizeError(GaitError):
    """GAIT_E_BUFFER_SIZE: a caller-provided buffer has the wrong size (a binding bug)."""

    status = 8


class InternalError(GaitError):
    """GAIT_E_INTERNAL: a bug in libgait; please report it with the detail message."""

    status = 9


class LibraryNotFoundError(ImportError):
    """The shared library libgait could not be found or loaded; the message lists every place
    tried (LIBGAIT_PATH, ctypes.util.find_library("gait"), the build directory)."""


BY_STATUS = {
    cls.status: cls
    for cls in (
        GaitIOError,
        FormatError,
        InvalidArgumentError,
        NoMemoryError,
        UnsupportedError,
        NoDataError,
        NumericError,
        BufferSizeError,
        InternalError,
    )
}
