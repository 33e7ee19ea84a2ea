"""Excel import machinery shared by every module.

An `ImportSpec` names its columns and knows how to clean one row and write a batch. `run_import`
reads the workbook, validates every row (collecting "第 N 行「列」：…" errors), and writes the
whole batch in one transaction only if no row failed: a file is imported whole or not at all.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .uploads import UploadError, check_size, open_zip_safely


@dataclass(frozen=True)
class Column:
    """One column of an import file; header, help and example are usually lazy translations."""

    key: str
    header: str
    required: bool = False
    help: str = ""
    example: str = ""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __post_init__(self) -> None:
        # Column headers are lazy translations; the errors are stored as JSON on the import job.
        object.__setattr__(self, "column", str(self.column))
        object.__setattr__(self, "message", str(self.message))

    def __str__(self) -> str:
        if self.row == 0:  # the file as a whole
            return self.message
        if self.column:
            return _("第 %(row)s 行「%(column)s」：%(message)s") % {
                "row": self.row, "column": self.column, "message": self.message
            }
        return _("第 %(row)s 行：%(message)s") % {"row": self.row, "message": self.message}

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class RowInvalid(Exception):
    """Raised by `ImportSpec.clean_row` with the errors of one row."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(errors)
        self.errors = errors  # (column header, message)


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)
    total_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportSpec:
    """Subclass per importable record type; register it with `register`."""

    kind: str = ""
    title: str = ""
    sheet_title: str = gettext_lazy("数据")
    columns: list[Column] = []

    # Keys of the job's scope a caller may set (the CLI's --plan sets "plan_id").
    scope_keys: tuple[str, ...] = ()

    def prepare(self, *, actor, scope: dict[str, Any]) -> Any:
        """Load lookups once per file (regions, existing records …); returns a context.

        May raise UploadError or PermissionDenied: the whole file is then refused with that message.
        """
        return None

    def clean_row(self, values: dict[str, Any], context: Any, *, row: int) -> Any:
        raise NotImplementedError

    def check_batch(self, cleaned: list[tuple[int, Any]], context: Any) -> list[RowError]:
        """Errors that need the whole file, such as duplicates."""
        return []

    def write(self, cleaned: list[Any], context: Any, *, actor) -> dict[str, int]:
        raise NotImplementedError


REGISTRY: dict[str, ImportSpec] = {}


def register(spec_class: type[ImportSpec]) -> type[ImportSpec]:
    REGISTRY[spec_class.kind] = spec_class()
    return spec_class


def get_spec(kind: str) -> ImportSpec:
    try:
        return REGISTRY[kind]
    except KeyError:
        raise UploadError(_("未知的导入类型：%(kind)s") % {"kind": kind}) from None


def build_template(spec: ImportSpec) -> bytes:
    """A workbook with the header row, one example row and an instructions sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    # openpyxl accepts only real strings, so lazy translations are resolved here.
    sheet.title = str(spec.sheet_title)
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    for index, column in enumerate(spec.columns, start=1):
        header = str(column.header)
        cell = sheet.cell(row=1, column=index, value=header + ("*" if column.required else ""))
        cell.font = bold
        if column.required:
            cell.fill = required_fill
        sheet.cell(row=2, column=index, value=str(column.example) or None)
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) * 2 + 4)
    notes = workbook.create_sheet(_("填写说明"))
    notes.append([_("列名"), _("是否必填"), _("说明")])
    for column in spec.columns:
        notes.append([str(column.header), _("必填") if column.required else _("选填"), str(column.help)])
    notes.append([])
    notes.append([_("第 2 行为示例，导入前请删除或改为真实数据。整份文件全部校验通过才会导入，任何一行有误则整份不导入。")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_text(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def read_rows(data: bytes, spec: ImportSpec, *, file_name: str) -> tuple[int, Iterator[tuple[int, dict[str, Any]]]]:
    """Open the workbook defensively and map header names to column keys.

    Returns the number of data rows and an iterator of (sheet row number, values by key).
    """
    check_size(len(data), max_bytes=settings.KECHUANG_IMPORT_MAX_BYTES, file_name=file_name)
    open_zip_safely(data, file_name=file_name).close()
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for malformed files
        raise UploadError(
            _("无法读取文件“%(file)s”：不是有效的 Excel（.xlsx）文件。") % {"file": file_name}
        ) from exc
    sheet_title = str(spec.sheet_title)
    sheet = workbook[sheet_title] if sheet_title in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise UploadError(_("文件“%(file)s”是空表。") % {"file": file_name})
    by_header = {str(column.header): column for column in spec.columns}
    positions: dict[int, Column] = {}
    for index, name in enumerate(header):
        text = str(name).strip().rstrip("*") if name is not None else ""
        if text in by_header:
            positions[index] = by_header[text]
    missing = [str(c.header) for c in spec.columns if c.required and c not in positions.values()]
    if missing:
        raise UploadError(
            _("文件“%(file)s”缺少必填列：%(columns)s。请使用导入模板。") % {"file": file_name, "columns": _("、").join(missing)}
        )
    total = max((sheet.max_row or 1) - 1, 0)
    if total > settings.KECHUANG_IMPORT_MAX_ROWS:
        raise UploadError(
            _("文件“%(file)s”有 %(total)s 行，超过单次导入上限 %(limit)s 行。")
            % {"file": file_name, "total": total, "limit": settings.KECHUANG_IMPORT_MAX_ROWS}
        )

    def iterate() -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            for number, values in enumerate(rows, start=2):
                cleaned = {positions[i].key: _cell_text(v) for i, v in enumerate(values) if i in positions}
                if all(v is None for v in cleaned.values()):
                    continue
                yield number, cleaned
        finally:
            workbook.close()

    return total, iterate()


ProgressCallback = Callable[[int, int], None]


def run_import(
    spec: ImportSpec,
    data: bytes,
    *,
    actor,
    file_name: str,
    scope: dict[str, Any] | None = None,
    progress: ProgressCallback | None = None,
    written: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Validate every row, then write all of them in one transaction, or nothing.

    `written` is called with the result inside that transaction, so what it records (the job's
    success) is committed with the rows or not at all.
    """
    result = ImportResult()
    try:
        total, rows = read_rows(data, spec, file_name=file_name)
    except UploadError as exc:
        result.errors.append(RowError(0, "", str(exc)))
        return result
    result.total_rows = total
    try:
        context = spec.prepare(actor=actor, scope=scope or {})
    except (UploadError, PermissionDenied) as exc:
        # A scope the actor may not import into fails the file as a whole, like an unreadable one.
        result.errors.append(RowError(0, "", str(exc)))
        return result
    cleaned: list[tuple[int, Any]] = []
    processed = 0
    for number, values in rows:
        try:
            cleaned.append((number, spec.clean_row(values, context, row=number)))
        except RowInvalid as invalid:
            result.errors.extend(RowError(number, column, message) for column, message in invalid.errors)
        processed += 1
        if progress and processed % 500 == 0:
            progress(processed, total)
    result.total_rows = processed
    result.errors.extend(spec.check_batch(cleaned, context))
    if not cleaned and not result.errors:
        result.errors.append(RowError(0, "", _("文件“%(file)s”没有数据行。") % {"file": file_name}))
    if result.errors:
        result.errors.sort(key=lambda e: e.row)
        return result
    with transaction.atomic():
        result.summary = spec.write([item for _, item in cleaned], context, actor=actor)
        if written:
            written(result)
    if progress:
        progress(processed, processed)
    return result


def write_workbook(title: str, headers: list[str], rows: Iterator[list[Any]] | list[list[Any]]) -> bytes:
    """An export workbook; written in write-only mode so 100k rows stay in bounded memory."""
    workbook = openpyxl.Workbook(write_only=True)
    # openpyxl accepts only real strings; titles and headers are often lazy translations.
    sheet = workbook.create_sheet(str(title))
    sheet.append([str(header) for header in headers])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
