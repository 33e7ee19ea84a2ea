"""Plain text out of an uploaded plan document (.txt, .docx, .pdf, .html).

Uploads come from users, so every reader is defensive: sizes are checked before anything is
parsed, archives are inspected before they are opened, and any failure of a third-party parser
becomes a `DocumentError` with a message the user can act on — never a traceback.

Tables become one line per row with the cells joined by a tab, the form the task and indicator
extractors read.
"""

from __future__ import annotations

import codecs
import io
import re
import statistics
import zipfile
from pathlib import PurePath
from typing import TYPE_CHECKING

from charset_normalizer import from_bytes
from lxml import etree

from kechuang.core.codes import CodedError

from .text import starts_with_heading_marker
from .units import names_an_organisation

if TYPE_CHECKING:
    from bs4 import Tag
    from pdfplumber.page import Page

__all__ = ["DocumentError", "SUPPORTED_EXTENSIONS", "read_document"]

SUPPORTED_EXTENSIONS = (".txt", ".docx", ".pdf", ".html", ".htm")

# A real .docx is a few dozen members; its XML compresses 5-20x. Far beyond that is a zip bomb.
_ZIP_MAX_MEMBERS = 2000
_ZIP_MAX_TOTAL_BYTES = 200 * 1024 * 1024
_ZIP_MAX_RATIO = 100
_ZIP_RATIO_FLOOR_BYTES = 1024 * 1024  # tiny members may compress absurdly well; they cannot hurt
_PDF_MAX_PAGES = 2000
# A text layer has more than a handful of characters; scanned pages have none (or a page number).
_PDF_MIN_TEXT_CHARS = 20


class DocumentError(CodedError):
    """The document cannot be read; its message code says why, in terms the user understands
    (kechuang.ingest.messages gives the Chinese text)."""


def read_document(data: bytes, filename: str, *, max_bytes: int = 20 * 1024 * 1024) -> str:
    """The text of the document, one line per paragraph or table row."""
    name = PurePath(filename).name
    extension = PurePath(filename).suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        raise DocumentError("unsupported_format", name=name)
    if len(data) > max_bytes:
        raise DocumentError("too_large", name=name, size_mb=len(data) / 1024 / 1024, max_mb=max_bytes / 1024 / 1024)
    if not data:
        raise DocumentError("empty", name=name)
    if extension == ".txt":
        return _read_txt(data, name)
    if extension == ".docx":
        return _read_docx(data, name, max_bytes=max_bytes)
    if extension == ".pdf":
        return _read_pdf(data, name)
    return _read_html(data, name)


# --- text ---------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes, name: str) -> str:
    """Decode text of unknown encoding: a BOM wins, then strict UTF-8, then GB18030 (a superset of
    GBK and GB2312, what Chinese Windows saves), then whatever charset-normalizer finds."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    best = from_bytes(data).best()
    if best is None or not _looks_like_text(str(best)):
        raise DocumentError("unknown_encoding", name=name)
    return str(best)


def _looks_like_text(text: str) -> bool:
    # GB18030 decodes almost any byte string; binary data gives itself away by control characters.
    controls = sum(1 for char in text if char < " " and char not in "\t\n\r\x0c")
    return "\x00" not in text and controls <= len(text) * 0.01


def _read_txt(data: bytes, name: str) -> str:
    return _decode(data, name)


# --- docx ---------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Open a zip only after checking its directory: member count, declared sizes, ratios."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # OLE compound file: an encrypted Office document, or a .doc renamed to .docx.
        raise DocumentError("encrypted_or_doc", name=name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise DocumentError("docx_corrupt", name=name) from error
    if len(members) > _ZIP_MAX_MEMBERS:
        raise DocumentError("docx_too_many_parts", name=name, parts=len(members))
    total = sum(member.file_size for member in members)
    if total > _ZIP_MAX_TOTAL_BYTES:
        raise DocumentError("docx_unpacked_too_large", name=name, size_mb=total / 1024 / 1024)
    for member in members:
        if member.flag_bits & 0x1:
            raise DocumentError("encrypted", name=name)
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _ZIP_RATIO_FLOOR_BYTES and ratio > _ZIP_MAX_RATIO:
            raise DocumentError("docx_compression_ratio", name=name, ratio=ratio)
    return archive


def _read_member(archive: zipfile.ZipFile, member: str, name: str, limit: int) -> bytes:
    """Read one member, never more than `limit` bytes whatever its header declares."""
    try:
        with archive.open(member) as stream:
            content = stream.read(limit + 1)
    except KeyError as error:
        raise DocumentError("docx_no_body_part", name=name) from error
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise DocumentError("docx_unzip_failed", name=name) from error
    if len(content) > limit:
        raise DocumentError("docx_body_too_large", name=name)
    return content


def _read_docx(data: bytes, name: str, *, max_bytes: int) -> str:
    limit = max(max_bytes * 10, 50 * 1024 * 1024)
    with _open_zip(data, name) as archive:
        root = _parse_xml(_read_member(archive, "word/document.xml", name, limit=limit), name)
        has_numbering = "word/numbering.xml" in archive.namelist()
        numbering = (
            _parse_xml(_read_member(archive, "word/numbering.xml", name, limit=limit), name)
            if has_numbering
            else None
        )
    body = root.find(_w("body"))
    if body is None:
        raise DocumentError("docx_no_body", name=name)
    lines: list[str] = []
    _docx_blocks(body, lines, _ListNumbers(numbering))
    return "\n".join(lines)


def _parse_xml(xml: bytes, name: str) -> etree._Element:
    # No entities, no DTD, no network: the XML is as untrusted as the upload.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise DocumentError("docx_bad_xml", name=name) from error


_CN_DIGITS = "零一二三四五六七八九"


def _chinese_number(value: int) -> str:
    if value < 10:
        return _CN_DIGITS[value]
    tens, units = divmod(value, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens % 10]) + "十" + (_CN_DIGITS[units] if units else "")


class _ListNumbers:
    """Word's automatic list numbers (一、 (一) 1.), which are not in the paragraph text but are
    how the plan numbers its items."""

    def __init__(self, numbering: etree._Element | None) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        if numbering is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in numbering.findall(_w("abstractNum")):
            levels = abstract.setdefault(node.get(_w("abstractNumId"), ""), {})
            for level in node.findall(_w("lvl")):
                fmt, text, start = (
                    level.find(_w("numFmt")),
                    level.find(_w("lvlText")),
                    level.find(_w("start")),
                )
                levels[int(level.get(_w("ilvl"), "0"))] = (
                    fmt.get(_w("val"), "decimal") if fmt is not None else "decimal",
                    text.get(_w("val"), "") if text is not None else "",
                    int(start.get(_w("val"), "1")) if start is not None else 1,
                )
        for num in numbering.findall(_w("num")):
            reference = num.find(_w("abstractNumId"))
            for ilvl, level in abstract.get(
                reference.get(_w("val"), "") if reference is not None else "", {}
            ).items():
                self.levels[(num.get(_w("numId"), ""), ilvl)] = level

    def label(self, paragraph: etree._Element) -> str:
        properties = paragraph.find(f"{_w('pPr')}/{_w('numPr')}")
        if properties is None:
            return ""
        num_id_node, level_node = properties.find(_w("numId")), properties.find(_w("ilvl"))
        num_id = num_id_node.get(_w("val"), "") if num_id_node is not None else ""
        level = int(level_node.get(_w("val"), "0")) if level_node is not None else 0
        if (num_id, level) not in self.levels or not 0 <= level < 9:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[level] += 1
        counters[level + 1 :] = [0] * (8 - level)
        text = self.levels[(num_id, level)][1]
        for index in range(level + 1):
            fmt, _, start = self.levels.get((num_id, index), ("decimal", "", 1))
            text = text.replace(f"%{index + 1}", self._format(fmt, max(counters[index], 1) + start - 1))
        return text

    @staticmethod
    def _format(fmt: str, value: int) -> str:
        if fmt.startswith(("chinese", "ideograph", "japaneseCounting", "taiwaneseCounting")):
            return _chinese_number(value)
        if fmt.startswith("decimalEnclosedCircle") and value <= 20:
            return chr(0x2460 + value - 1)
        if fmt in ("lowerLetter", "upperLetter"):
            letter = chr(ord("a") + (value - 1) % 26)
            return letter.upper() if fmt == "upperLetter" else letter
        return str(value)


def _docx_blocks(parent: etree._Element, lines: list[str], numbers: _ListNumbers) -> None:
    """Paragraphs and tables in document order; content controls and insertions are transparent."""
    for child in parent:
        if child.tag == _w("p"):
            lines.append(numbers.label(child) + _docx_paragraph(child))
        elif child.tag == _w("tbl"):
            _docx_table(child, lines, numbers)
        elif child.tag in (_w("sdt"), _w("sdtContent"), _w("customXml"), _w("ins"), _w("smartTag")):
            _docx_blocks(child, lines, numbers)


def _docx_paragraph(paragraph: etree._Element) -> str:
    parts: list[str] = []
    for node in paragraph.iter(_w("t"), _w("tab"), _w("br"), _w("cr")):
        if node.tag == _w("t"):
            # Text inside a tracked deletion is w:delText, so every w:t is current text.
            parts.append(node.text or "")
        elif node.tag == _w("tab"):
            parts.append("\t")
        elif node.tag in (_w("br"), _w("cr")):
            parts.append("\n")
    return "".join(parts)


def _docx_table(table: etree._Element, lines: list[str], numbers: _ListNumbers) -> None:
    for row in table.iter(_w("tr")):
        if _nearest_table(row) is not table:
            continue  # rows of a nested table are read with their cell
        cells: list[str] = []
        for cell in row.findall(_w("tc")):
            properties = cell.find(_w("tcPr"))
            merge = properties.find(_w("vMerge")) if properties is not None else None
            # A vertically merged cell is written once, in its first row; the rows below leave the
            # cell empty so the columns still line up.
            if merge is not None and merge.get(_w("val"), "continue") == "continue":
                cells.append("")
                continue
            cell_lines: list[str] = []
            _docx_blocks(cell, cell_lines, numbers)
            cells.append(
                " ".join(part.strip() for part in cell_lines for part in part.split("\n") if part.strip())
            )
        if any(cells):
            lines.append("\t".join(cells))


def _nearest_table(row: etree._Element) -> etree._Element | None:
    parent = row.getparent()
    while parent is not None and parent.tag != _w("tbl"):
        parent = parent.getparent()
    return parent


# --- pdf ----------------------------------------------------------------------------------------


def _read_pdf(data: bytes, name: str) -> str:
    import pdfplumber

    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise DocumentError("pdf_corrupt", name=name)
    lines: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > _PDF_MAX_PAGES:
                raise DocumentError("pdf_too_many_pages", name=name, pages=len(pdf.pages), max_pages=_PDF_MAX_PAGES)
            for page in pdf.pages:
                lines.extend(_pdf_page_lines(page))
                page.close()
    except DocumentError:
        raise
    except Exception as error:
        # pdfminer raises a zoo of exception types on malformed files (pdfplumber wraps them).
        if _is_password_error(error):
            raise DocumentError("encrypted", name=name) from error
        raise DocumentError("pdf_unreadable", name=name) from error
    text = "\n".join(lines)
    if len(re.sub(r"\s", "", text)) < _PDF_MIN_TEXT_CHARS:
        raise DocumentError("pdf_no_text", name=name)
    return text


def _is_password_error(error: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    seen: list[BaseException] = [error]
    while seen:
        current = seen.pop()
        if isinstance(current, PDFPasswordIncorrect | PDFEncryptionError):
            return True
        seen.extend(arg for arg in current.args if isinstance(arg, BaseException))
        seen.extend(link for link in (current.__cause__, current.__context__) if link is not None)
    return False


def _pdf_page_lines(page: Page) -> list[str]:
    """The page's text lines and table rows in reading order, table text not repeated."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def outside_tables(obj: dict) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside_tables) if boxes else page
    blocks: list[tuple[float, list[str]]] = []
    text_lines = [line for line in text_page.extract_text_lines(return_chars=False) if line["text"].strip()]
    blocks.extend((top, [text]) for top, text in _join_wrapped(text_lines, page.width))
    for table in tables:
        rows = ["\t".join(_pdf_cell(cell or "") for cell in row) for row in table.extract() if any(cell for cell in row)]
        blocks.append((table.bbox[1], rows))
    blocks.sort(key=lambda block: block[0])
    return [line for _, block_lines in blocks for line in block_lines]


def _pdf_cell(cell: str) -> str:
    """A table cell's lines as one text: a wrapped sentence is joined up, a cell that lists one unit
    per line keeps them apart (区科技局 区财政局), as a docx cell's paragraphs are."""
    parts = [part.strip() for part in cell.split("\n") if part.strip()]
    if len(parts) > 1 and all(names_an_organisation(part) for part in parts):
        return " ".join(parts)
    return "".join(parts)


def _join_wrapped(text_lines: list[dict], page_width: float) -> list[tuple[float, str]]:
    """Join the lines a paragraph was wrapped into: a line that reaches the right margin continues
    on the next, unless the next starts a new numbered heading."""
    if not text_lines:
        return []
    char_width = statistics.median(
        (line["x1"] - line["x0"]) / max(len(line["text"]), 1) for line in text_lines
    )
    # Line breaking that keeps punctuation off a line start can leave two characters' room.
    tolerance = 2.5 * char_width
    widest = max(line["x1"] for line in text_lines)
    # Several lines ending at the same x mark a justified margin; otherwise assume margins are
    # symmetric, so a short page with one long line does not glue its paragraphs together.
    at_widest = sum(1 for line in text_lines if line["x1"] >= widest - tolerance)
    justified = at_widest >= 2 and widest >= 0.6 * page_width
    right_margin = widest if justified else page_width - min(line["x0"] for line in text_lines)
    joined: list[tuple[float, str]] = []
    continues = False
    for line in text_lines:
        text = line["text"].strip()
        if continues and joined and not starts_with_heading_marker(text):
            top, previous = joined[-1]
            joined[-1] = (top, previous + text)
        else:
            joined.append((line["top"], text))
        continues = line["x1"] >= right_margin - tolerance
    return joined


# --- html ---------------------------------------------------------------------------------------

_HTML_DROP = (
    "script", "style", "nav", "footer", "noscript", "template", "iframe", "svg", "canvas", "object", "head",
)  # fmt: skip
# Landmark roles of site navigation and the site footer, whatever element carries them.
_HTML_FURNITURE_ROLES = {"navigation", "contentinfo", "banner", "search"}
_HTML_BLOCKS = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "ol", "p", "pre", "section", "table", "ul", "caption", "title",
}  # fmt: skip
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w\-]+)""", re.I)


def _read_html(data: bytes, name: str) -> str:
    from bs4 import BeautifulSoup, Comment

    declared = _HTML_CHARSET.search(data[:4096])
    text: str | None = None
    if declared:
        try:
            # GB2312 pages routinely contain GBK/GB18030 characters.
            encoding = declared.group(1).decode("ascii").lower()
            encoding = "gb18030" if encoding in ("gb2312", "gbk") else encoding
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = _decode(data, name)
    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception as error:  # the parser may fail on pathological markup
        raise DocumentError("html_unreadable", name=name) from error
    for element in soup.find_all(_HTML_DROP):
        element.decompose()
    for element in soup.find_all(string=lambda node: isinstance(node, Comment)):
        element.extract()
    for element in soup.find_all(_is_not_content):
        element.decompose()
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = re.sub(r"[ \t\r\n\f]+", " ", "".join(current)).strip()
        if line:
            lines.append(line)
        current.clear()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, str):
                current.append(str(child))
                continue
            tag = child.name
            if tag == "br":
                flush()
            elif tag == "tr":
                flush()
                cells = [
                    re.sub(r"\s+", " ", cell.get_text(" ")).strip()
                    for cell in child.find_all(["td", "th"], recursive=False)
                ]
                if any(cells):
                    lines.append("\t".join(cells))
            elif tag in _HTML_BLOCKS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(soup.body or soup)
    flush()
    if not lines:
        raise DocumentError("no_text", name=name)
    return "\n".join(lines)


def _is_not_content(tag: Tag) -> bool:
    """Hidden elements, and those whose landmark role marks them as site navigation or footer."""
    if tag.attrs is None:
        return False
    style = re.sub(r"\s", "", str(tag.get("style", ""))).lower()
    if str(tag.get("role", "")).lower() in _HTML_FURNITURE_ROLES:
        return True
    return tag.has_attr("hidden") or tag.get("aria-hidden") == "true" or "display:none" in style
