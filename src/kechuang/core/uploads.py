"""Defensive checks for uploaded files, before any parser touches them.

docx and xlsx files are zip archives: a small upload can expand to gigabytes. The declared sizes
are checked before anything is extracted; parsers then read through the same bounds.
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

MAX_ARCHIVE_MEMBERS = 2_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200


class UploadError(ValueError):
    """An uploaded file that is refused; the message says why, in Chinese."""


def check_size(size: int, *, max_bytes: int, file_name: str) -> None:
    if size > max_bytes:
        raise UploadError(_("文件“%(file)s”大小为 %(size)s MB，超过上限 %(limit)s MB。") % {
            "file": file_name, "size": f"{size / 1024 / 1024:.1f}", "limit": f"{max_bytes / 1024 / 1024:.0f}"
        })
    if size == 0:
        raise UploadError(_("文件“%(file)s”是空文件。") % {"file": file_name})


def open_zip_safely(data: bytes, *, file_name: str) -> zipfile.ZipFile:
    """Open an Office archive after checking member count, declared sizes and compression ratio."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadError(_("文件“%(file)s”已损坏或不是有效的 Office 文件。") % {"file": file_name}) from exc
    members = archive.infolist()
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise UploadError(
            _("文件“%(file)s”包含过多内部文件（%(count)s 个），已拒绝。") % {"file": file_name, "count": len(members)}
        )
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO and member.file_size > 1024 * 1024:
            raise UploadError(
                _("文件“%(file)s”的内部文件 %(member)s 压缩比异常（%(ratio)s 倍），疑似压缩炸弹，已拒绝。")
                % {"file": file_name, "member": member.filename, "ratio": f"{ratio:.0f}"}
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UploadError(
            _("文件“%(file)s”解压后超过 %(limit)s MB，已拒绝。") % {"file": file_name, "limit": MAX_UNCOMPRESSED_BYTES // 1024 // 1024}
        )
    return archive
