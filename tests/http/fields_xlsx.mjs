// Reads a sheet's XLSX with exceljs (independent of libxlsxwriter) and prints
// the worksheets' names and the 集計 worksheet's cells, row by row, as JSON:
// {"sheets": ["…", "集計"], "summary": [["令和3年度 達成度"], ["方向性", "A 達成", …], …]}.
// Usage: node fields_xlsx.mjs FILE.xlsx
import ExcelJS from "exceljs";

const file = process.argv[2];
if (!file) {
  console.error("usage: node fields_xlsx.mjs FILE.xlsx");
  process.exit(2);
}
const workbook = new ExcelJS.Workbook();
await workbook.xlsx.readFile(file);
const summary = [];
const ws = workbook.getWorksheet("集計");
if (ws) {
  ws.eachRow({ includeEmpty: true }, (row) => {
    const cells = [];
    row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell.value));
    summary.push(cells);
  });
}
console.log(JSON.stringify({ sheets: workbook.worksheets.map((w) => w.name), summary }));
