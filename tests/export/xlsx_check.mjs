// Reads an XLSX file with exceljs, a reader independent of libxlsxwriter and
// LibreOffice, and prints what test_xlsx checks as one JSON object: the page
// setup, the merges, the frozen panes, the footer, the sizes, and every cell's
// text, type and look, of the first worksheet or the one named.
// Usage: node xlsx_check.mjs FILE.xlsx [WORKSHEET]
import ExcelJS from "exceljs";

const file = process.argv[2];
if (!file) {
  console.error("usage: node xlsx_check.mjs FILE.xlsx [WORKSHEET]");
  process.exit(2);
}
const workbook = new ExcelJS.Workbook();
await workbook.xlsx.readFile(file);
const ws = process.argv[3] ? workbook.getWorksheet(process.argv[3]) : workbook.worksheets[0];
if (!ws) {
  console.error(`no worksheet ${process.argv[3]} in ${file}`);
  process.exit(1);
}
const setup = ws.pageSetup;

// A cell's text: "" for an empty cell and for the cells a merge hides, so
// that the grid reads like LibreOffice's CSV.
function text(cell) {
  if (cell.type === ExcelJS.ValueType.Merge || cell.value === null) return "";
  if (cell.value.richText) return cell.value.richText.map((r) => r.text).join("");
  return typeof cell.value === "object" ? JSON.stringify(cell.value) : String(cell.value);
}

function borders(b) {
  return ["top", "left", "bottom", "right"].map((s) => (b && b[s] ? b[s].style : "none")).join(",");
}

const cells = [];
const styles = {};
let formulas = 0;
const types = {};
for (let r = 1; r <= ws.rowCount; r++) {
  const row = [];
  for (let c = 1; c <= ws.columnCount; c++) {
    const cell = ws.getRow(r).getCell(c);
    if (cell.type === ExcelJS.ValueType.Formula || cell.formula || cell.sharedFormula) formulas++;
    const t = Object.keys(ExcelJS.ValueType).find((k) => ExcelJS.ValueType[k] === cell.type);
    types[t] = (types[t] || 0) + 1;
    row.push(text(cell));
    if (cell.type !== ExcelJS.ValueType.Merge && cell.style && Object.keys(cell.style).length) {
      styles[cell.address] = {
        font: cell.font ? cell.font.name : null,
        size: cell.font ? cell.font.size : null,
        bold: !!(cell.font && cell.font.bold),
        wrap: !!(cell.alignment && cell.alignment.wrapText),
        horizontal: (cell.alignment && cell.alignment.horizontal) || null,
        vertical: (cell.alignment && cell.alignment.vertical) || null,
        fill: cell.fill && cell.fill.fgColor ? cell.fill.fgColor.argb : null,
        border: borders(cell.border),
      };
    }
  }
  cells.push(row);
}

const widths = [];
for (let c = 1; c <= ws.columnCount; c++) widths.push(ws.getColumn(c).width ?? null);
const heights = [];
for (let r = 1; r <= ws.rowCount; r++) heights.push(ws.getRow(r).height ?? null);
const view = ws.views[0] || {};

console.log(
  JSON.stringify({
    sheets: workbook.worksheets.map((s) => s.name),
    merges: [...ws.model.merges].sort(),
    paperSize: setup.paperSize ?? null,
    orientation: setup.orientation ?? null,
    fitToPage: !!setup.fitToPage,
    fitToWidth: setup.fitToWidth ?? null,
    fitToHeight: setup.fitToHeight ?? null,
    printArea: setup.printArea ?? null,
    printTitlesRow: setup.printTitlesRow ?? null,
    view: { state: view.state ?? null, xSplit: view.xSplit ?? 0, ySplit: view.ySplit ?? 0 },
    footer: ws.headerFooter ? ws.headerFooter.oddFooter ?? null : null,
    formulas,
    types,
    widths,
    heights,
    cells,
    styles,
  }),
);
