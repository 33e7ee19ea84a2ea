"""Task-decomposition tables (任务分解表): a header whose columns are recognised by meaning, then
one task per row, in whatever state the table was published.

- Cells separated by tabs (the readers write docx, pdf and html table rows so) or by runs of
  spaces. A row runs from a line that starts with its number to the next one: a cell that wrapped,
  or that holds one unit per line, continues on the lines below, and a tab there moves on to the
  next cell, as it does when a word processor's table is copied as text.
- A web copy that made each row one line with single spaces between the cells: the row is read
  from its end, each column taking the last word if it fits what the column holds (a date, unit
  names, people), so the task sentence is what remains after the number.
- Section rows (一、…) between task rows, a header repeated on a new page, and row numbers that
  continue a larger table (112, 113 …) are taken as they are.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .text import Line, normalise, raw_offset, starts_with_heading_marker
from .units import is_person, names_an_organisation
from .vocabulary import column_kind, label_alternation

__all__ = ["UNIT_KINDS", "Row", "TaskTable", "looks_like_deadline"]

UNIT_KINDS = ("lead", "plain", "support")

_TAB = re.compile(r"\t")
_TAB_OR_SPACES = re.compile(r"\t| {2,}")
_WORD = re.compile(r"\S+")
_ROW_NUMBER = re.compile(r"^(\d{1,4}|[一二三四五六七八九十]{1,3})[、.]?$")
_EMPTY_CELL = re.compile(r"^[—\-–/无]+$")
_DEADLINE = re.compile(
    r"^(?:\d{4}\s*年.*|\d{4}[-./]\d{1,2}.*|\d{1,2}\s*月.*|(?:年底|年末|年内|年中|上半年|下半年|全年|长期|持续|"
    r"常态|每季度|每月|每半年|每年|按季度|适时|及时|定期).*)$"
)
_MAX_ROW_LINES = 16
# A header names a unit column: a cheap test before the cells are read.
_UNIT_WORD = re.compile(label_alternation(*UNIT_KINDS))
_MAX_HEADER_CELL = 12


def looks_like_deadline(text: str) -> bool:
    """Whether a cell reads as a completion time (2024年10月底, 年底前, 长期, 每季度)."""
    text = text.strip()
    return bool(text) and len(text) <= 20 and bool(_DEADLINE.match(text))


def _items(cell: str) -> list[str]:
    flat = re.sub(r"\([^()]*\)", "", cell)  # a bracketed part of a name (各区(县、市)) is no separator
    return [item for item in re.split(r"[、,;]+", flat) if item]


def _names_units(cell: str) -> bool:
    items = _items(cell)
    return bool(items) and all(
        names_an_organisation(re.sub(r"(等|牵头|配合|负责)+$", "", item)) for item in items
    )


def _names_people(cell: str) -> bool:
    items = _items(cell)
    return bool(items) and all(is_person(item) for item in items)


def _fits(kind: str | None, cell: str) -> bool:
    if kind == "deadline":
        return looks_like_deadline(cell)
    if kind in UNIT_KINDS:
        return _names_units(cell)
    if kind == "leader":
        return _names_people(cell)
    return False


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


@dataclass(frozen=True)
class _Piece:
    line: Line
    start: int  # offsets in line.text
    end: int

    @property
    def text(self) -> str:
        return self.line.text[self.start : self.end]


@dataclass
class Row:
    """One task row: its number as written and the pieces of text of each column."""

    number: str
    kinds: list[str | None]
    cells: dict[int, list[_Piece]] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)

    def cell(self, kind: str, joiner: str = "\n") -> str:
        """The text of the row's columns of `kind`, a cell's lines joined with `joiner`."""
        parts = [_joined(self.cells.get(index, []), joiner) for index, column in enumerate(self.kinds) if column == kind]
        return "\n".join(part for part in parts if part)

    def quote(self, document_lines: list[Line]) -> str:
        """The unit cells as written, from the first to the last, separators and line breaks included."""
        return self._span(UNIT_KINDS, document_lines)

    def prose(self, document_lines: list[Line]) -> Line | None:
        """The task cell as a line of its own (its wrapped lines with their breaks), so the targets
        a task sentence states are read as prose, without the unit and date cells beside it."""
        raw = self._span(("title", "detail"), document_lines)
        if not raw.strip():
            return None
        first = min(
            (piece for index in self.cells if self.kinds[index] in ("title", "detail") for piece in self.cells[index]),
            key=lambda piece: (piece.line.number, piece.start),
        )
        start = first.line.start + raw_offset(first.line, first.start + len(first.text) - len(first.text.lstrip()))
        return Line(first.line.number, start, raw, normalise(raw), furniture=False, cell=True)

    def _span(self, kinds: tuple[str, ...], document_lines: list[Line]) -> str:
        pieces = sorted(
            (
                piece
                for index, column in enumerate(self.kinds)
                if column in kinds
                for piece in self.cells.get(index, [])
                if piece.text.strip()
            ),
            key=lambda piece: (piece.line.number, piece.start),
        )
        if not pieces:
            return ""
        first, last = pieces[0], max(pieces, key=lambda piece: (piece.line.number, piece.end))
        first_start = first.start + len(first.text) - len(first.text.lstrip())
        last_end = last.end - (len(last.text) - len(last.text.rstrip()))
        if first.line.number == last.line.number:
            return first.line.raw[raw_offset(first.line, first_start) : raw_offset(last.line, last_end)]
        text = first.line.raw[raw_offset(first.line, first_start) :]
        previous = first.line
        for number in range(first.line.number + 1, last.line.number + 1):
            line = document_lines[number - 1]
            gap = line.start - (previous.start + len(previous.raw))
            text += "\r\n" if gap == 2 else "\n"
            text += line.raw if number < last.line.number else line.raw[: raw_offset(line, last_end)]
            previous = line
        return text


class TaskTable:
    """A task table under its header line; `feed` it the lines that follow and `take` its rows."""

    def __init__(self, kinds: list[str | None], layout: str, header: Line, positions: list[int]) -> None:
        self.kinds = kinds
        self.layout = layout  # "tab", "spaces" or "flat"
        self.header = header
        self.positions = positions  # display column where each header cell starts
        self.rows: list[Row] = []
        self._pending: Row | None = None
        self._column = 0  # the column the pending row's text has reached
        self._flat_lines: list[Line] = []
        self._above: dict[int, list[_Piece]] = {}  # the unit cells of the row above
        self.last_units = max(index for index, kind in enumerate(kinds) if kind in UNIT_KINDS)

    @classmethod
    def from_header(cls, line: Line) -> TaskTable | None:
        text = line.text.strip()
        if not text or len(text) > 120 or not _UNIT_WORD.search(text) or re.search(r"[。;:]", text):
            return None
        layouts = (("tab", _TAB), ("spaces", _TAB_OR_SPACES), ("flat", _WORD))
        for layout, separator in layouts:
            if layout == "tab" and "\t" not in line.text:
                continue
            spans = _spans(line.text, separator, words=layout == "flat")
            cells = [line.text[start:end].strip() for start, end in spans]
            if len(cells) < 3 or any(len(cell) > _MAX_HEADER_CELL for cell in cells):
                continue
            kinds = [column_kind(cell) if cell else None for cell in cells]
            if "title" not in kinds or not set(UNIT_KINDS) & set(kinds):
                continue
            if layout == "flat" and None in kinds:
                continue  # words run together with single spaces: every one must be a column word
            first_title = kinds.index("title")
            kinds = [
                "detail" if kind == "title" and index != first_title else kind for index, kind in enumerate(kinds)
            ]
            positions = [_display_width(line.text[:start]) for start, _ in spans]
            return cls(kinds, layout, line, positions)
        return None

    # --- feeding lines ------------------------------------------------------------------------

    def feed(self, line: Line) -> bool:
        """Whether `line` belongs to the table (a row, part of one, a section row or a repeated
        header); False ends the table, and the line is the caller's to read."""
        if self._repeats_header(line):
            self._close()
            return True
        if self.layout == "flat":
            return self._feed_flat(line)
        spans = self._cell_spans(line)
        cells = [line.text[start:end].strip() for start, end in spans]
        if _ROW_NUMBER.match(cells[0]) and sum(1 for cell in cells if cell) >= 2:
            self._close()
            self._begin(line, spans)
            return True
        if self._is_section_row(line.text, cells):
            self._close()
            return True
        if self._pending is not None and self._continues(line, spans, cells):
            self._extend(line, spans)
            return True
        self._close()
        return False

    def take(self) -> list[Row]:
        rows, self.rows = self.rows, []
        return rows

    def close(self) -> list[Row]:
        self._close()
        if self._flat_lines:
            self._flat_lines = []
        return self.take()

    def _repeats_header(self, line: Line) -> bool:
        return re.sub(r"\s+", "", line.text) == re.sub(r"\s+", "", self.header.text)

    def _is_section_row(self, text: str, cells: list[str]) -> bool:
        filled = [cell for cell in cells if cell]
        return len(filled) == 1 and starts_with_heading_marker(filled[0]) and len(filled[0]) <= 40

    def _cell_spans(self, line: Line) -> list[tuple[int, int]]:
        if self.layout == "tab":
            tabbed = _spans(line.text, _TAB)
            both = _spans(line.text, _TAB_OR_SPACES)
            # Some rows of a tabbed table separate a cell or two, or all, by runs of spaces instead.
            if "\t" not in line.text or (len(tabbed) < len(self.kinds) and len(both) == len(self.kinds)):
                return both
            return tabbed
        return _spans(line.text, _TAB_OR_SPACES)

    def _begin(self, line: Line, spans: list[tuple[int, int]]) -> None:
        number = line.text[spans[0][0] : spans[0][1]].strip().rstrip("、.")
        self._pending = Row(number=number, kinds=self.kinds, lines=[line])
        columns = self._columns_of(line, spans, row_start=True)
        for (start, end), column in zip(spans, columns, strict=True):
            self._add(column, line, start, end)
        self._column = columns[-1]

    def _extend(self, line: Line, spans: list[tuple[int, int]]) -> None:
        self._pending.lines.append(line)
        columns = self._columns_of(line, spans, row_start=False)
        for (start, end), column in zip(spans, columns, strict=True):
            self._add(column, line, start, end)
        self._column = columns[-1]

    def _columns_of(self, line: Line, spans: list[tuple[int, int]], *, row_start: bool) -> list[int]:
        """Which column each cell of a line belongs to. A row's first line starts at the first
        column; a line continuing it carries on in the column the row has reached, and a separator
        moves on to the next. Space-aligned cells that skip a column (or an indented line) are
        placed under the header cell they stand under."""
        width = len(self.kinds)
        indented = len(line.text) - len(line.text.lstrip(" ")) >= 2
        aligned = self.layout == "spaces" and (
            (row_start and len(spans) < width) or (not row_start and indented)
        )
        if aligned:
            columns = [self._aligned(_display_width(line.text[:start])) for start, _ in spans]
            return [max(column, columns[index - 1]) if index else column for index, column in enumerate(columns)]
        first = 0 if row_start else self._column
        return [min(first + index, width - 1) for index in range(len(spans))]

    def _aligned(self, position: int) -> int:
        column = 0
        for index, start in enumerate(self.positions):
            if start <= position + 2:
                column = index
        return column

    def _add(self, column: int, line: Line, start: int, end: int) -> None:
        if line.text[start:end].strip():
            self._pending.cells.setdefault(column, []).append(_Piece(line, start, end))

    def _continues(self, line: Line, spans: list[tuple[int, int]], cells: list[str]) -> bool:
        """Whether a line that starts no row is the rest of the pending row: it has cells of its own,
        or the row has not reached its unit columns yet, or the line is what a cell of units,
        people or dates holds; an indented line is the rest of a wrapped cell."""
        if len(self._pending.lines) >= _MAX_ROW_LINES:
            return False
        text = line.text.strip()
        if len(spans) > 1 or self._column < self.last_units:
            return True
        if len(line.text) - len(line.text.lstrip()) >= 2 and not starts_with_heading_marker(text):
            return True
        return len(text) <= 40 and any(
            _fits(kind, text) for kind in self.kinds[self._column :] + [self.kinds[self._column]]
        )

    def _close(self) -> None:
        if self._pending is None:
            return
        row = self._pending
        if self.layout == "tab":
            # A vertically merged unit cell is written once: an empty cell repeats the one above.
            for index, kind in enumerate(self.kinds):
                if kind in UNIT_KINDS and index not in row.cells and index in self._above:
                    row.cells[index] = self._above[index]
            self._above = {index: pieces for index, pieces in row.cells.items() if self.kinds[index] in UNIT_KINDS}
        self.rows.append(row)
        self._pending = None

    # --- rows flattened to one line, single spaces between cells ----------------------------

    def _feed_flat(self, line: Line) -> bool:
        words = [_Piece(line, match.start(), match.end()) for match in _WORD.finditer(line.text)]
        if not words:
            return True
        if self._flat_lines:
            # A row that did not end on its line goes on to the next.
            candidate = self._flat_lines + [line]
            row = self._flat_row(candidate)
            if row is not None:
                self._flat_lines = []
                self.rows.append(row)
                return True
            if len(candidate) < 3 and not _ROW_NUMBER.match(words[0].text):
                self._flat_lines = candidate
                return True
            self._flat_lines = []
        if _ROW_NUMBER.match(words[0].text) and len(words) >= 2:
            row = self._flat_row([line])
            if row is not None:
                self.rows.append(row)
            else:
                self._flat_lines = [line]
            return True
        return self._is_section_row(line.text, [line.text.strip()])

    def _flat_row(self, lines: list[Line]) -> Row | None:
        words = [_Piece(line, match.start(), match.end()) for line in lines for match in _WORD.finditer(line.text)]
        if len(words) < 3 or not _ROW_NUMBER.match(words[0].text):
            return None
        title_column = self.kinds.index("title")
        after = [
            index
            for index in range(title_column + 1, len(self.kinds))
            if self.kinds[index] not in ("note", "detail", None)
        ]
        end = len(words)
        assigned: dict[int, list[_Piece]] = {}
        for column in reversed(after):
            if end <= 2:
                break
            word = words[end - 1]
            if _EMPTY_CELL.match(word.text):
                end -= 1
            elif _fits(self.kinds[column], word.text):
                assigned[column] = [word]
                end -= 1
        unit_columns = sorted(column for column in assigned if self.kinds[column] in UNIT_KINDS)
        if not unit_columns:
            return None
        # A cell of several units written with spaces between them: the words before the first
        # unit cell that are unit names too belong to it.
        while end > 2 and _names_units(words[end - 1].text):
            assigned[unit_columns[0]].insert(0, words[end - 1])
            end -= 1
        row = Row(number=words[0].text.rstrip("、."), kinds=self.kinds, lines=lines)
        row.cells = {title_column: words[1:end], **assigned}
        return row


def _joined(pieces: list[_Piece], joiner: str) -> str:
    """A cell's pieces as one text: as written between pieces of one line, `joiner` between lines."""
    text = ""
    previous: _Piece | None = None
    for piece in pieces:
        if previous is not None:
            text += piece.line.text[previous.end : piece.start] if piece.line is previous.line else joiner
        text += piece.text.strip() if previous is None or piece.line is not previous.line else piece.text
        previous = piece
    return text.strip()


def _spans(text: str, separator: re.Pattern[str], *, words: bool = False) -> list[tuple[int, int]]:
    """Where each cell of a row lies in its text (an indent is no cell; a leading tab is one)."""
    if words:
        return [(match.start(), match.end()) for match in separator.finditer(text)]
    position = len(text) - len(text.lstrip(" "))
    spans = []
    for match in separator.finditer(text, position):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    return spans
