"""Defensive checks for uploaded files, before any parser touches them.

docx and xlsx files are zip archives: a small upload can expand to gigabytes. The declared sizes
are checked before anything is extracted; parsers then read through the same bounds.
"""

from __future__ import annotations

import io
import zipfile

MAX_ARCHIVE_MEMBERS = 2_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200


class UploadError(ValueError):
    """An uploaded file that is refused; the message says why, in Chinese."""


def check_size(size: int, *, max_bytes: int, file_name: str) -> None:
    if size > max_bytes:
        raise UploadError(f"文件“{file_name}”大小为 {size / 1024 / 1024:.1f} MB，超过上限 {max_bytes / 1024 / 1024:.0f} MB。")
    if size == 0:
        raise UploadError(f"文件“{file_name}”是空文件。")


def open_zip_safely(data: bytes, *, file_name: str) -> zipfile.ZipFile:
    """Open an Office archive after checking member count, declared sizes and compression ratio."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadError(f"文件“{file_name}”已损坏或不是有效的 Office 文件。") from exc
    members = archive.infolist()
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise UploadError(f"文件“{file_name}”包含过多内部文件（{len(members)} 个），已拒绝。")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO and member.file_size > 1024 * 1024:
            raise UploadError(f"文件“{file_name}”的内部文件 {member.filename} 压缩比异常（{ratio:.0f} 倍），疑似压缩炸弹，已拒绝。")
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UploadError(f"文件“{file_name}”解压后超过 {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB，已拒绝。")
    return archive
