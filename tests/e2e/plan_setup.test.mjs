// A plan set up from nothing in a real browser, as a secretariat would: the
// plan, a direction and an initiative with its bureau, a project, an answer
// field; then a round asks the section, the section answers, the answer is
// confirmed, and the sheet and its XLSX show it.
//
//   SHINCHOKU_BIN=build/shinchoku node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { ARTIFACTS, TIMEOUT, login, logout, withDemo } from './lib.mjs';

const ANSWER = 'E2E：睡眠相談を月2回開いた';

test('a plan set up in the browser is asked, answered and exported', { timeout: 300_000 }, async () => {
  await withDemo(async (base, browser, dir) => {
    const context = await browser.newContext({ locale: 'ja-JP', acceptDownloads: true });
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
    await login(page, base, 'admin');

    // 1. The plan.
    await page.goto(base + '/plans/new');
    await page.locator('#new-plan-title').fill('健康づくり計画');
    await page.locator('#new-plan-from_fy').fill('令和6年度');
    await page.locator('#new-plan-to_fy').fill('令和10年度');
    await page.locator('#new-plan-level1').fill('基本目標');
    await page.locator('#new-plan-level2').fill('施策');
    await page.getByRole('button', { name: '計画を作成する' }).click();
    await page.waitForURL(/\/plans\/\d+\/structure/);
    const planId = new URL(page.url()).pathname.split('/')[2];

    // 2. A direction, then an initiative under it with its bureau.
    const addDirection = page.locator('#new-direction');
    await addDirection.locator('input[name="label"]').fill('目標1');
    await addDirection.locator('input[name="title"]').fill('こころの健康');
    await addDirection.getByRole('button', { name: '追加する' }).click();
    await page.waitForURL(/saved=1/);
    const direction = page.locator('section.direction').first();
    await direction.locator('summary', { hasText: '施策を追加' }).click();
    const addInitiative = direction.locator('form[action$="/initiatives"]');
    await addInitiative.locator('input[name="number"]').fill('1');
    await addInitiative.locator('textarea[name="title"]').fill('睡眠の相談');
    await addInitiative.getByLabel('健康福祉局').check();
    await addInitiative.getByRole('button', { name: '追加する' }).click();
    await page.waitForURL(/saved=1/);
    await page.locator('li.initiative', { hasText: '睡眠の相談' }).waitFor();

    // 3. A project of 障害企画課 for it.
    await page.getByRole('link', { name: '事業を設定する' }).click();
    await page.locator('summary', { hasText: '新しい事業を追加' }).first().click();
    const addProject = page.locator('form[action$="/projects"]').first();
    const option = await addProject.locator('select[name="section_id"] option', { hasText: '障害企画課' }).first().getAttribute('value');
    await addProject.locator('select[name="section_id"]').selectOption(option);
    await addProject.locator('input[name="name"]').fill('睡眠相談事業');
    await addProject.getByRole('button', { name: '追加する' }).click();
    await page.waitForURL(/saved=1/);

    // 4. An answer field asked at the start of the year.
    await page.goto(`${base}/plans/${planId}/structure`);
    await page.getByRole('link', { name: '回答項目と評価の尺度を設定する' }).click();
    const addField = page.locator('#new-field');
    await addField.locator('#new-field-label').fill('実施状況');
    await addField.getByRole('button', { name: '追加する' }).click();
    await page.waitForURL(/saved=1/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-plan-fields.png'), fullPage: true });

    // 5. A round of 令和6年度 asks the section.
    await page.goto(`${base}/plans/${planId}/rounds/new`);
    await page.locator('select[name="year"]').selectOption('2024');
    await page.locator('input[name="checkpoint"][value="start"]').check();
    await page.locator('input[name="deadline"]').fill('2025-06-30');
    await page.getByRole('button', { name: '照会を開始する' }).click();
    await page.waitForURL(/opened=1/);
    const roundUrl = page.url().split('?')[0];
    await logout(page);

    // 6. The section answers and submits.
    await login(page, base, 'shogaikikaku');
    await page.goto(base + '/inbox');
    await page.getByRole('link', { name: '睡眠相談事業' }).click();
    await page.waitForURL(/\/answers\/\d+$/);
    const answerId = new URL(page.url()).pathname.split('/').pop();
    await page.locator('form.answer-form textarea').first().fill(ANSWER);
    await page.getByRole('button', { name: '提出', exact: true }).click();
    await page.waitForURL(/submitted=1/);
    await logout(page);

    // 7. The administrator (who runs every plan) confirms it.
    await login(page, base, 'admin');
    await page.goto(roundUrl);
    await page.locator(`input[name="answer"][value="${answerId}"]`).check();
    await page.getByRole('button', { name: '選んだ回答を確定する' }).click();
    await page.waitForURL(/confirmed=1/);

    // 8. The sheet and its XLSX show the new plan's answer.
    await page.goto(`${base}/plans/${planId}/sheet?years=2024`);
    await page.locator('table.sheet td', { hasText: ANSWER }).first().waitFor();
    await page.locator('table.sheet', { hasText: '睡眠の相談' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('a[href*="sheet.xlsx"]').first().click(),
    ]);
    const file = path.join(dir, 'plan.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const texts = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    assert.ok(texts.includes(ANSWER), 'the answer is in the XLSX');
    assert.ok(texts.includes('睡眠相談事業'), 'the project is in the XLSX');
    await context.close();
  });
});
