// Excel in and out, in a real browser: a section downloads its answer
// workbook from the round page, fills it in a spreadsheet library (not the
// one that wrote it) and uploads it; the answer lands as a draft. Then the
// administrator imports the demo's own progress sheet as a new plan through
// the import page, and its sheet shows the same answers.
//
//   SHINCHOKU_BIN=build/shinchoku node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { ARTIFACTS, TIMEOUT, login, logout, withDemo } from './lib.mjs';

const TEXT = 'Excelで回答：相談窓口のリーフレットを区役所に配架した';
const PROJECT = '障害者に対する虐待相談窓口の周知';
const SEED_ANSWER = '相談窓口に関するリーフレット等を作成';

test('a section answers in Excel, and a sheet is imported', { timeout: 300_000 }, async () => {
  await withDemo(async (base, browser, dir) => {
    const context = await browser.newContext({ locale: 'ja-JP', acceptDownloads: true });
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();

    // 1. The section downloads its workbook from the round's page.
    await login(page, base, 'shogaikikaku');
    await page.goto(base + '/rounds');
    await page.locator('table.rounds').getByRole('link', { name: '令和2年度' }).click();
    await page.waitForURL(/\/rounds\/\d+$/);
    const roundUrl = page.url();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('section.workbooks a[download]').first().click(),
    ]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const book = path.join(dir, 'book.xlsx');
    await download.saveAs(book);

    // 2. Filled in elsewhere: the first project's first answer cell.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(book);
    const ws = wb.worksheets[0];
    assert.equal(ws.getCell('C5').value, PROJECT);
    ws.getCell('F5').value = TEXT;
    const filled = path.join(dir, '回答_記入済み.xlsx');
    await wb.xlsx.writeFile(filled);

    // 3. Uploaded from the round page's link: the row is a draft now.
    await page.goto(roundUrl);
    await page.locator('section.workbooks').getByRole('link', { name: '回答用Excelの取込み' }).click();
    await page.locator('input[name="file"]').setInputFiles(filled);
    await page.getByRole('button', { name: '取り込む' }).click();
    const report = page.locator('table.upload-report');
    await report.waitFor();
    await report.locator('tr', { hasText: PROJECT }).locator('td', { hasText: '下書きとして保存しました' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-workbook-upload.png'), fullPage: true });
    await page.goto(base + '/inbox');
    await page.getByRole('link', { name: PROJECT }).click();
    await page.waitForURL(/\/answers\/\d+$/);
    assert.equal(await page.locator('form.answer-form textarea').first().inputValue(), TEXT);

    // 4. The same workbook again is stale for that row: refused, not written.
    await page.goto(roundUrl + '/upload');
    await page.locator('input[name="file"]').setInputFiles(book);
    await page.getByRole('button', { name: '取り込む' }).click();
    await report.waitFor();
    const status = await page.locator('p.notice[role="status"]').textContent();
    assert.match(status, /0件を保存/);
    await logout(page);

    // 5. The administrator imports the demo's sheet (as its XLSX) as a new plan.
    const xlsx = await fetch(base + '/plans/1/sheet.xlsx?years=2019');
    assert.equal(xlsx.status, 200);
    const sheetFile = path.join(dir, '進捗管理シート.xlsx');
    fs.writeFileSync(sheetFile, Buffer.from(await xlsx.arrayBuffer()));
    await login(page, base, 'admin');
    await page.getByRole('link', { name: '取込み' }).click();
    await page.locator('input[name="file"]').setInputFiles(sheetFile);
    await page.locator('input[name="title"]').fill('取り込んだ計画');
    await page.getByRole('button', { name: 'アップロードして内容を確認する' }).click();
    await page.waitForURL(/\/imports\/\d+$/);
    await page.locator('table.import-counts').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-import-preview.png'), fullPage: true });
    await page.getByRole('button', { name: '取り込む' }).click();
    await page.getByRole('heading', { name: '取り込みました' }).waitFor();
    await page.getByRole('link', { name: '進捗管理シートを見る' }).click();
    await page.waitForURL(/\/plans\/\d+\/sheet/);
    assert.notEqual(new URL(page.url()).pathname, '/plans/1/sheet');
    await page.goto(page.url().split('?')[0] + '?years=2019');
    await page.locator('table.sheet td', { hasText: SEED_ANSWER }).first().waitFor();
    await context.close();
  });
});
