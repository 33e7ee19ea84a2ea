"""Reading uploaded plan documents, and refusing the ones that cannot or must not be read."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

import kechuang.ingest
from kechuang.ingest.extract import extract
from kechuang.ingest.extract.readers import DocumentError, read_document
from kechuang.ingest.extract.tasks import extract_tasks
from kechuang.ingest.extract.text import split_lines
from kechuang.ingest.messages import document_error_text

FONT = "STSong-Light"  # a CID font every reportlab has: no font file needed
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TEXT = "一、总体要求\n(责任单位：区科技局、区财政局)\n到2025年，高新技术企业达到100家。"


# --- text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("gbk"),
        TEXT.encode("gb18030"),
        TEXT.encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "utf-16-bom"],
)
def test_it_detects_the_encoding_of_a_text_file(encoded):
    assert read_document(encoded, "方案.txt") == TEXT


def test_it_does_not_keep_the_byte_order_mark():
    assert not read_document(codecs.BOM_UTF8 + "科技".encode(), "a.txt").startswith("\ufeff")


def test_it_refuses_a_binary_file_named_txt():
    with pytest.raises(DocumentError) as error:
        read_document(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "图片.txt")
    assert re.search("「图片.txt」.*编码", document_error_text(error.value))


# --- size and format ----------------------------------------------------------------------------


def test_it_refuses_a_file_over_the_size_limit():
    with pytest.raises(DocumentError) as error:
        read_document(b"a" * 2048, "大文件.txt", max_bytes=1024)
    assert re.search("「大文件.txt」太大", document_error_text(error.value))


@pytest.mark.parametrize("filename", ["方案.doc", "方案.wps", "方案.xlsx", "方案"])
def test_it_refuses_an_unsupported_extension(filename):
    with pytest.raises(DocumentError) as error:
        read_document(b"whatever", filename)
    assert re.search("不支持的文件格式", document_error_text(error.value))


def test_it_refuses_an_empty_file():
    with pytest.raises(DocumentError) as error:
        read_document(b"", "a.txt")
    assert re.search("空文件", document_error_text(error.value))


def test_it_reads_the_extension_case_insensitively():
    assert read_document("科技".encode(), "方案.TXT") == "科技"


# --- docx ---------------------------------------------------------------------------------------


def docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_it_reads_docx_paragraphs_and_tables_in_document_order():
    document = docx.Document()
    document.add_paragraph("一、重点任务")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["序号", "任务", "牵头单位"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "建设平台", "区科技局"], strict=True):
        cell.text = text
    document.add_paragraph("二、保障措施")
    assert read_document(docx_bytes(document), "a.docx").split("\n") == [
        "一、重点任务",
        "序号\t任务\t牵头单位",
        "1\t建设平台\t区科技局",
        "二、保障措施",
    ]


def test_it_writes_a_merged_docx_cell_once():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "重点任务表"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "建设平台"
    table.cell(2, 0).text, table.cell(2, 1).text = "2", "培育企业"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "区科技局"
    lines = read_document(docx_bytes(document), "a.docx").split("\n")
    assert lines == ["重点任务表", "1\t建设平台\t区科技局", "2\t培育企业\t"]


def test_it_joins_the_paragraphs_of_a_docx_cell_in_one_line():
    document = docx.Document()
    cell = document.add_table(rows=1, cols=2).cell(0, 1)
    cell.text = "区科技局"
    cell.add_paragraph("区财政局")
    assert read_document(docx_bytes(document), "a.docx") == "\t区科技局 区财政局"


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def numbered_paragraph(level: int, text: str) -> str:
    return (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr></w:pPr>'
        f"<w:r><w:t>{text}</w:t></w:r></w:p>"
    )


def test_it_writes_out_word_automatic_list_numbers():
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "(%2)"), ("decimal", "%3.")]
    numbering = (
        f'<w:numbering {W}><w:abstractNum w:abstractNumId="3">'
        + "".join(
            f'<w:lvl w:ilvl="{index}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
            for index, (fmt, text) in enumerate(levels)
        )
        + '</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num></w:numbering>'
    )
    body = "".join(
        numbered_paragraph(level, text)
        for level, text in [
            (0, "重点任务"),
            (1, "壮大主体"),
            (2, "培育企业"),
            (2, "建设平台"),
            (1, "优化服务"),
            (2, "完善政策"),
        ]
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>")
        archive.writestr("word/numbering.xml", numbering)
    assert read_document(buffer.getvalue(), "a.docx").split("\n") == [
        "一、重点任务",
        "(一)壮大主体",
        "1.培育企业",
        "2.建设平台",
        "(二)优化服务",
        "1.完善政策",
    ]


def test_it_refuses_a_corrupt_docx():
    data = docx_bytes(docx.Document())
    with pytest.raises(DocumentError) as error:
        read_document(data[: len(data) // 2], "坏.docx")
    assert re.search("「坏.docx」已损坏", document_error_text(error.value))


def test_it_refuses_a_zip_without_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(DocumentError) as error:
        read_document(buffer.getvalue(), "a.docx")
    assert re.search("缺少正文", document_error_text(error.value))


def test_it_refuses_a_docx_with_broken_xml():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><w:body>")
    with pytest.raises(DocumentError) as error:
        read_document(buffer.getvalue(), "a.docx")
    assert re.search("XML", document_error_text(error.value))


def test_it_refuses_a_zip_bomb_before_extracting_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" * (60 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 200 * 1024  # small upload, huge member
    with pytest.raises(DocumentError) as error:
        read_document(data, "炸弹.docx")
    assert re.search("「炸弹.docx」.*压缩", document_error_text(error.value))


def test_it_refuses_a_zip_with_too_many_members():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(2100):
            archive.writestr(f"word/media/{index}.xml", "")
    with pytest.raises(DocumentError) as error:
        read_document(buffer.getvalue(), "a.docx")
    assert re.search("部件过多", document_error_text(error.value))


def test_it_refuses_an_encrypted_office_document():
    # Password-protected .docx files are OLE compound files, not zips.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048)
    with pytest.raises(DocumentError) as error:
        read_document(data, "加密.docx")
    assert re.search("已加密", document_error_text(error.value))


def test_it_does_not_expand_xml_entities():
    buffer = io.BytesIO()
    xml = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "科技科技科技科技">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    assert "科技" not in read_document(buffer.getvalue(), "a.docx")


# --- pdf ----------------------------------------------------------------------------------------


def pdf_bytes(draw, **options) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, **options)
    draw(page)
    page.save()
    return buffer.getvalue()


def draw_text(page: canvas.Canvas) -> None:
    page.setFont(FONT, 12)
    for index, line in enumerate(TEXT.split("\n")):
        page.drawString(72, 760 - 20 * index, line)


def test_it_reads_the_text_layer_of_a_pdf():
    assert read_document(pdf_bytes(draw_text), "a.pdf").split("\n") == TEXT.split("\n")


def test_it_reads_a_pdf_table_as_tab_separated_rows_without_repeating_it():
    def draw(page: canvas.Canvas) -> None:
        page.setFont(FONT, 12)
        page.drawString(72, 780, "附表 重点任务")
        table = Table([["序号", "任务", "牵头单位"], ["1", "建设平台", "区科技局"]], colWidths=[60, 150, 120])
        table.setStyle(
            TableStyle([("FONT", (0, 0), (-1, -1), FONT, 11), ("GRID", (0, 0), (-1, -1), 0.5, "black")])
        )
        table.wrapOn(page, 400, 200)
        table.drawOn(page, 72, 700)
        page.drawString(72, 660, "二、保障措施")

    lines = read_document(pdf_bytes(draw), "a.pdf").split("\n")
    assert lines == ["附表 重点任务", "序号\t任务\t牵头单位", "1\t建设平台\t区科技局", "二、保障措施"]


def test_it_joins_a_paragraph_wrapped_at_the_right_margin():
    def draw(page: canvas.Canvas) -> None:
        page.setFont(FONT, 12)
        width = A4[0] - 2 * 72
        first = "支持企业建设研发机构，开展关键核心技术攻关，推动科技成果转化。"
        while pdfmetrics.stringWidth(first, FONT, 12) < width - 12:
            first += "科"
        page.drawString(72, 760, first)
        page.drawString(72, 740, "（责任单位：区科技局）")
        page.drawString(72, 720, "二、保障措施")

    lines = read_document(pdf_bytes(draw), "a.pdf").split("\n")
    assert len(lines) == 2
    assert lines[0].endswith("科（责任单位：区科技局）")


def test_it_refuses_a_scanned_pdf_without_a_text_layer():
    def draw(page: canvas.Canvas) -> None:
        page.rect(50, 50, 400, 600, fill=1)

    with pytest.raises(DocumentError) as error:
        read_document(pdf_bytes(draw), "扫描件.pdf")
    assert re.search("「扫描件.pdf」没有可提取的文字", document_error_text(error.value))


def test_it_refuses_a_pdf_with_only_an_image(tmp_path):
    from PIL import Image

    image_path = tmp_path / "scan.png"
    Image.new("RGB", (200, 300), "white").save(image_path)

    def draw(page: canvas.Canvas) -> None:
        page.drawImage(str(image_path), 50, 50, 400, 600)

    with pytest.raises(DocumentError) as error:
        read_document(pdf_bytes(draw), "scan.pdf")
    assert re.search("扫描件", document_error_text(error.value))


def test_it_refuses_an_encrypted_pdf():
    data = pdf_bytes(draw_text, encrypt="secret")
    with pytest.raises(DocumentError) as error:
        read_document(data, "加密.pdf")
    assert re.search("「加密.pdf」已加密", document_error_text(error.value))


@pytest.mark.parametrize("cut", [0.3, 0.6])
def test_it_refuses_a_truncated_pdf(cut):
    data = pdf_bytes(draw_text)
    with pytest.raises(DocumentError) as error:
        read_document(data[: int(len(data) * cut)], "坏.pdf")
    assert re.search("「坏.pdf」", document_error_text(error.value))


def test_it_refuses_a_file_named_pdf_that_is_not_one():
    with pytest.raises(DocumentError) as error:
        read_document("一、总体要求".encode(), "a.pdf")
    assert re.search("不是有效的 PDF", document_error_text(error.value))


# --- html ---------------------------------------------------------------------------------------


def test_it_reads_the_visible_text_of_a_web_page_one_block_per_line():
    html = """<html><head><title>页面</title><style>p {color: red}</style></head><body>
      <nav><a href="/">首页</a> &gt; <a>政策</a></nav>
      <div class="content"><h1>某某区科技创新实施方案</h1>
        <p>一、总体要求</p><p>坚持<b>创新</b>驱动。<br>(责任单位:区科技局)</p>
        <table><tr><th>序号</th><th>任务</th></tr><tr><td>1</td><td>建设 平台</td></tr></table>
        <div style="display: none">隐藏内容</div>
      </div><script>var tracker = 1;</script></body></html>"""
    assert read_document(html.encode(), "a.html").split("\n") == [
        "某某区科技创新实施方案",
        "一、总体要求",
        "坚持创新驱动。",
        "(责任单位:区科技局)",
        "序号\t任务",
        "1\t建设 平台",
    ]


def test_it_decodes_a_web_page_in_its_declared_charset():
    html = '<html><head><meta charset="gb2312"></head><body><p>科技创新</p></body></html>'
    assert read_document(html.encode("gb18030"), "a.htm") == "科技创新"


def test_it_refuses_a_web_page_without_text():
    with pytest.raises(DocumentError) as error:
        read_document(b"<html><body><script>x()</script></body></html>", "a.html")
    assert re.search("没有可提取的正文", document_error_text(error.value))


def test_it_names_the_file_but_not_its_folder_in_messages():
    with pytest.raises(DocumentError) as raised:
        read_document(b"", "/home/user/上传/方案.txt")
    assert document_error_text(raised.value) == "文件「方案.txt」是空文件。"
    assert raised.value.message.params == {"name": "方案.txt"}


def test_it_raises_an_error_that_is_a_value_error():
    assert issubclass(DocumentError, ValueError)


# --- the seed plans as .docx and .pdf -----------------------------------------------------------

# The five seed plans ship with the package as demo documents.
SEEDS = sorted((Path(kechuang.ingest.__file__).parent / "demo_documents").glob("*.txt"))
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、](?!\d))")


def test_it_has_the_seed_plans_to_convert():
    # Without them the conversion tests below would silently collect nothing.
    assert len(SEEDS) == 5


def plan_blocks(text: str) -> Iterator[tuple[str, str | list[list[str]]]]:
    """Paragraphs and whitespace tables (a 序号 header and the rows under it, merged cells left
    out on the left) of a plain-text plan."""
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        header = lines[index].split()
        if header[:1] == ["序号"] and len(header) >= 3:
            rows = [header]
            index += 1
            while index < len(lines) and not _HEADING.match(lines[index]):
                if lines[index].strip():
                    cells = lines[index].split()[: len(header)]
                    rows.append([""] * (len(header) - len(cells)) + cells)
                index += 1
            yield "table", rows
            continue
        yield "paragraph", lines[index]
        index += 1


def plan_docx(text: str) -> bytes:
    """The plan as Word would hold it: a table for the whitespace table, its gaps merged cells."""
    document = docx.Document()
    for kind, content in plan_blocks(text):
        if kind == "paragraph":
            document.add_paragraph(content)
            continue
        table = document.add_table(rows=len(content), cols=len(content[0]))
        for row_index, row in enumerate(content):
            for column, value in enumerate(row):
                table.cell(row_index, column).text = value
        for column in range(len(content[0])):
            for row_index in range(1, len(content)):
                if not content[row_index][column]:
                    table.cell(row_index - 1, column).merge(table.cell(row_index, column))
    return docx_bytes(document)


def plan_pdf(text: str) -> bytes:
    """The plan typeset on A4: paragraphs wrapped at the margins, the table ruled."""
    style = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=16, wordWrap="CJK")
    story: list = []
    for kind, content in plan_blocks(text):
        if kind == "paragraph":
            if content.strip():
                story.append(Paragraph(escape(content.strip()), style))
            continue
        table = Table([[Paragraph(escape(value), style) for value in row] for row in content])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
        story.append(table)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def without_quotes(items: list[dict]) -> list[dict]:
    # A table cell is quoted differently from a flattened line; everything else must agree.
    return [{key: value for key, value in item.items() if key != "quote"} for item in items]


def tasks_in(text: str) -> list[dict]:
    return extract_tasks(split_lines(text))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name[:3])
@pytest.mark.parametrize("extension", [".docx", ".pdf"])
def test_it_extracts_the_same_tasks_from_a_seed_as_docx_or_pdf(seed, extension, tmp_path):
    text = seed.read_text(encoding="utf-8")
    path = tmp_path / f"{seed.stem}{extension}"
    path.write_bytes(plan_docx(text) if extension == ".docx" else plan_pdf(text))
    converted = read_document(path.read_bytes(), path.name)
    assert without_quotes(tasks_in(converted)) == without_quotes(tasks_in(text))


def test_it_keeps_the_seed_table_as_a_real_docx_table(tmp_path):
    seed = next(path for path in SEEDS if "序号 " in path.read_text(encoding="utf-8"))
    converted = read_document(plan_docx(seed.read_text(encoding="utf-8")), "table.docx")
    rows = [line for line in converted.split("\n") if "\t" in line]
    assert rows[0].startswith("序号\t")
    assert any(row.startswith("\t\t") for row in rows)  # merged cells are written once


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name[:3])
@pytest.mark.parametrize("extension", [".docx", ".pdf"])
def test_it_gives_the_same_full_extraction_from_a_seed_as_docx_or_pdf(seed, extension):
    text = seed.read_text(encoding="utf-8")
    data = plan_docx(text) if extension == ".docx" else plan_pdf(text)
    expected = extract(text, document=seed.name)
    got = extract(read_document(data, f"{seed.stem}{extension}"), document=seed.name)
    for key in ("indicators", "tasks"):
        assert without_quotes(got[key]) == without_quotes(expected[key])


def test_it_leaves_out_the_site_header_footer_and_navigation_of_a_web_page():
    html = """<html><body><div role="banner">某某市人民政府门户网站</div>
      <div class="main"><p>一、建设平台</p><p>(责任单位:市科技局)</p></div>
      <div role="navigation">上一篇 下一篇</div>
      <footer><p>主办单位:某某市人民政府办公室</p><p>技术支持:某某公司</p></footer>
      <div role="contentinfo">地址:某某路1号</div></body></html>"""
    assert read_document(html.encode(), "a.html").split("\n") == ["一、建设平台", "(责任单位:市科技局)"]
