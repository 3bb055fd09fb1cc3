// Fills a section workbook as a person would in a spreadsheet program, with
// exceljs (not the library that wrote it): each CELL=TEXT argument writes TEXT
// into that cell of the answer sheet, then the file is saved under a new name.
// Usage: node fill_section_book.mjs IN.xlsx OUT.xlsx F5=text H5=text ...
import ExcelJS from "exceljs";

const [input, output, ...edits] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: node fill_section_book.mjs IN.xlsx OUT.xlsx CELL=TEXT ...");
  process.exit(2);
}
const workbook = new ExcelJS.Workbook();
await workbook.xlsx.readFile(input);
const ws = workbook.worksheets[0];
for (const edit of edits) {
  const eq = edit.indexOf("=");
  if (eq < 1) {
    console.error(`not CELL=TEXT: ${edit}`);
    process.exit(2);
  }
  ws.getCell(edit.slice(0, eq)).value = edit.slice(eq + 1);
}
await workbook.xlsx.writeFile(output);
