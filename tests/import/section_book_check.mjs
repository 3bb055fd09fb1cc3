// Reads a section workbook with exceljs (a reader independent of
// libxlsxwriter) and prints what test_section_book checks as one JSON
// object: the sheets, the answer sheet's protection, hidden columns, frozen
// panes, page setup, every cell's text and whether it is locked, and the
// data validations. Usage: node section_book_check.mjs FILE.xlsx
import ExcelJS from "exceljs";

const file = process.argv[2];
if (!file) {
  console.error("usage: node section_book_check.mjs FILE.xlsx");
  process.exit(2);
}
const workbook = new ExcelJS.Workbook();
await workbook.xlsx.readFile(file);
const ws = workbook.worksheets[0];

function text(cell) {
  if (cell.type === ExcelJS.ValueType.Merge || cell.value === null) return "";
  if (cell.value.richText) return cell.value.richText.map((r) => r.text).join("");
  return typeof cell.value === "object" ? JSON.stringify(cell.value) : String(cell.value);
}

// Excel's default for a cell without its own protection is locked.
function locked(cell) {
  return !(cell.protection && cell.protection.locked === false);
}

const cells = [];
const unlocked = [];
for (let r = 1; r <= ws.rowCount; r++) {
  const row = [];
  for (let c = 1; c <= ws.columnCount; c++) {
    const cell = ws.getRow(r).getCell(c);
    row.push(text(cell));
    if (!locked(cell)) unlocked.push(cell.address);
  }
  cells.push(row);
}
const hidden = [];
for (let c = 1; c <= ws.columnCount; c++) if (ws.getColumn(c).hidden) hidden.push(c);

const validations = {};
for (const [range, v] of Object.entries(ws.dataValidations.model || {}))
  validations[range] = {
    type: v.type,
    operator: v.operator ?? null,
    formulae: v.formulae ?? [],
    showErrorMessage: !!v.showErrorMessage,
  };

const view = ws.views[0] || {};
const howto = workbook.worksheets[1];
const howtoText = [];
if (howto)
  howto.eachRow((row) => {
    const line = [];
    row.eachCell((cell) => line.push(text(cell)));
    howtoText.push(line.join(" "));
  });

console.log(
  JSON.stringify({
    sheets: workbook.worksheets.map((s) => s.name),
    protection: ws.sheetProtection ?? null,
    howtoProtected: !!(howto && howto.sheetProtection && howto.sheetProtection.sheet),
    hidden,
    unlocked,
    validations,
    view: { state: view.state ?? null, xSplit: view.xSplit ?? 0, ySplit: view.ySplit ?? 0 },
    paperSize: ws.pageSetup.paperSize ?? null,
    orientation: ws.pageSetup.orientation ?? null,
    cells,
    howto: howtoText,
  }),
);
