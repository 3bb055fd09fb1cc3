#!/usr/bin/env python3
"""Writes the hand-made seeds of tests/fuzz/corpus (the exports of the
program there are made by `shinchoku export`, see README.md). Stored (not
deflated) parts, so that libFuzzer's mutations reach the XML instead of
breaking the deflate stream. Usage: make_seeds.py CORPUS-DIR [XLSX ...]
where each XLSX given is also written again with its parts stored."""
import io
import os
import sys
import zipfile

WB = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      '<workbookPr date1904="0"/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
      '</sheets></workbook>')
RELS = ('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Target="/xl/sharedStrings.xml"/></Relationships>')
SHEET = ('<worksheet><sheetData>'
         '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>取組み</t>'
         '</is></c><c r="C1" s="1"><v>43719</v></c><c r="D1" t="b"><v>1</v></c></row>'
         '<row><c t="str"><v>_x000A_x</v></c><c><v>-7.5</v></c><c t="d"><v>2019-09-11T00:00:00</v>'
         '</c><c t="e"><v>#N/A</v></c></row>'
         '</sheetData><mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells></worksheet>')
SHARED = ('<sst><si><t>方向性</t></si><si><r><t>仙台</t></r><r><t xml:space="preserve"> 市</t></r>'
          '<rPh><t>センダイ</t></rPh></si></sst>')
STYLES = ('<styleSheet><numFmts><numFmt numFmtId="200" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/>'
          '</numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="200"/></cellXfs>'
          '</styleSheet>')


def stored(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for name, data in parts:
            z.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


def restore(path):
    with zipfile.ZipFile(path) as z:
        return stored([(i.filename, z.read(i.filename)) for i in z.infolist()])


def main():
    corpus = sys.argv[1]
    x = os.path.join(corpus, "xlsx")
    c = os.path.join(corpus, "csv")
    full = [("xl/workbook.xml", WB), ("xl/_rels/workbook.xml.rels", RELS),
            ("xl/worksheets/sheet1.xml", SHEET), ("xl/sharedStrings.xml", SHARED),
            ("xl/styles.xml", STYLES)]
    seeds = {
        "minimal.xlsx": stored(full[:3]),
        "hand.xlsx": stored(full),
        "prefixed.xlsx": stored([
            ("xl/workbook.xml", WB.replace("<", "<x:").replace("<x:/", "</x:")),
            ("xl/_rels/workbook.xml.rels", RELS),
            ("xl/worksheets/sheet1.xml",
             '<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row><x:c t="inlineStr"><x:is>'
             '<x:t>one</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>')]),
        "no-workbook.xlsx": stored([("[Content_Types].xml", "<Types/>")]),
        "empty-zip.xlsx": stored([]),
        "not-zip.xlsx": b"hello, not a zip\n",
    }
    for name, data in seeds.items():
        with open(os.path.join(x, name), "wb") as f:
            f.write(data)
    for path in sys.argv[2:]:
        base = os.path.splitext(os.path.basename(path))[0]
        with open(os.path.join(x, base + "-stored.xlsx"), "wb") as f:
            f.write(restore(path))
    csvs = {
        "minimal.csv": b"a,b,c\r\n1,,3\r\n",
        "quotes.csv": b'"a ""q"", b","line\r\nbreak"\n\'=1+1,\'@x\r\n',
        "bom.csv": b"\xef\xbb\xbf\xe8\xaa\xb2,\xe4\xba\x8b\xe6\xa5\xad\xe5\x90\x8d\r\n",
        "cp932.csv": "課,事業名・取組名,ｶﾅ,①\r\n".encode("cp932"),
        "open-quote.csv": b'a,"b\r\nc,d\r\n',
        "lone-cr.csv": b"a\rb\r\r\nc\n\n",
        "bad-utf8.csv": b"a,\xe3\x81\r\n\xff,b\r\n",
    }
    for name, data in csvs.items():
        with open(os.path.join(c, name), "wb") as f:
            f.write(data)


main()
