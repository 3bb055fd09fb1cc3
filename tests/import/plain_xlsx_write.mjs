// Writes the demo plan as a city's own plain list might hold it, with
// exceljs: one sheet, one row per project, the initiative repeated on each
// of its rows (no merged cells), headings of the city's choosing (取組, 局,
// 担当課, 事業名), the answers of one fiscal year without saying which, and a
// column the program has no use for (備考). test_foreign_files imports it with
// a mapping that says what the headings cannot.
// Usage: node plain_xlsx_write.mjs SEED.json OUT.xlsx
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";

const [seedPath, out] = process.argv.slice(2);
if (!seedPath || !out) {
  console.error("usage: node plain_xlsx_write.mjs SEED.json OUT.xlsx");
  process.exit(2);
}
const seed = JSON.parse(readFileSync(seedPath, "utf8"));
const year = String(seed.checks[0].fy);
const workbook = new ExcelJS.Workbook();
const ws = workbook.addWorksheet("事業一覧");
ws.addRow(["方向性", "番号", "取組", "局", "担当課", "事業名",
  ...seed.fields.map((f) => f.label), "備考"]);
for (const ini of seed.initiatives)
  for (const p of ini.projects || []) {
    const a = (p.answers || {})[year] || {};
    ws.addRow([ini.direction, Number(ini.number), ini.title, p.bureau, p.section, p.name,
      ...seed.fields.map((f) => a[f.key] ?? null), "庁内限り"]);
  }
await workbook.xlsx.writeFile(out);
