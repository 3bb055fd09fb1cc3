// Writes the demo plan's progress sheet with exceljs, a writer that shares
// nothing with ours (libxlsxwriter), in the seed's layout as our export lays
// it out: the title block, the group headings in rows 5 and 6 (the fiscal
// year of each group above its field headings), the headings in row 7, one
// row per project from row 8, and an initiative's own cells merged over its
// projects' rows. test_foreign_files imports it and compares it with our own
// export. Usage: node foreign_xlsx_write.mjs SEED.json OUT.xlsx
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";

const [seedPath, out] = process.argv.slice(2);
if (!seedPath || !out) {
  console.error("usage: node foreign_xlsx_write.mjs SEED.json OUT.xlsx");
  process.exit(2);
}
const seed = JSON.parse(readFileSync(seedPath, "utf8"));
const { document: doc, plan, checks, fields } = seed;
const NCOLS = 9 + 4 * checks.length; // the plan's and projects' columns, then 4 per year

const workbook = new ExcelJS.Workbook();
workbook.creator = "exceljs";
const ws = workbook.addWorksheet("進捗管理シート");
const set = (row, col, value) => {
  if (value !== undefined && value !== null && value !== "") ws.getCell(row, col).value = value;
};

set(1, 1, doc.title);
set(1, NCOLS, doc.meeting);
set(2, 1, `${plan.title} ${plan.period.label}`);
set(2, NCOLS, doc.material_no);
set(3, NCOLS, doc.date);

set(5, 1, plan.chapter_label);
ws.mergeCells(5, 1, 6, 5);
set(5, 6, plan.baseline_label);
ws.mergeCells(5, 6, 5, 9);
set(6, 6, plan.related_label);
ws.mergeCells(6, 6, 6, 9);
const heads = ["方向性", "番号", "取組み", "内容", "局区等", "局区", "課", "事業名・取組名", "事業概要"];
heads.forEach((h, i) => set(7, i + 1, h));
checks.forEach((ck, y) => {
  const col = 10 + 4 * y;
  set(5, col, `${ck.label}\n${ck.grasped}`);
  ws.mergeCells(5, col, 5, col + 3);
  set(6, col, ck.fiscal_year);
  ws.mergeCells(6, col, 6, col + 3);
  fields.forEach((f, i) => set(7, col + i, `${f.label}\n[${f.checkpoint}]`));
});

let row = 8;
for (const ini of seed.initiatives) {
  const projects = ini.projects || [];
  const n = Math.max(projects.length, 1);
  set(row, 1, ini.direction);
  set(row, 2, ini.number); // a number, as a person would type it
  set(row, 3, ini.title);
  set(row, 4, ini.content);
  set(row, 5, (ini.bureaus || []).join("\n"));
  if (n > 1) for (let c = 1; c <= 5; c++) ws.mergeCells(row, c, row + n - 1, c);
  projects.forEach((p, j) => {
    set(row + j, 6, p.bureau);
    set(row + j, 7, p.section);
    set(row + j, 8, p.name);
    set(row + j, 9, p.summary);
    checks.forEach((ck, y) => {
      const a = (p.answers || {})[String(ck.fy)];
      if (a) fields.forEach((f, i) => set(row + j, 10 + 4 * y + i, a[f.key]));
    });
  });
  row += n;
}

await workbook.xlsx.writeFile(out);
