// One round, clicked through in a real browser: a section answers and submits,
// the secretariat sends it back with a comment, the section answers again,
// the secretariat confirms and publishes, and an anonymous visitor sees the
// answer on the progress sheet and downloads it as Excel and PDF. Runs the demo server itself on a free port.
//
//   SHINCHOKU_BIN=build/shinchoku node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, TIMEOUT, login, logout, withDemo } from './lib.mjs';

const TEXT = 'E2E：リーフレットを1200部配布した';
const PROJECT = '障害者に対する虐待相談窓口の周知';

test('an answer goes from a section to the public sheet', { timeout: 240_000 }, async () => {
  await withDemo(async (base, browser) => {
    // 1. The section answers and submits.
    const staff = await browser.newContext({ locale: 'ja-JP' });
    staff.setDefaultTimeout(TIMEOUT);
    let page = await staff.newPage();
    await login(page, base, 'shogaikikaku');
    await page.goto(base + '/inbox');
    await page.getByRole('link', { name: PROJECT }).click();
    await page.waitForURL(/\/answers\/\d+$/);
    const answerId = new URL(page.url()).pathname.split('/').pop();
    await page.locator('form.answer-form textarea').first().fill(TEXT);
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-answer-form.png'), fullPage: true });
    await page.getByRole('button', { name: '提出', exact: true }).click();
    await page.waitForURL(/submitted=1/);
    await page.locator('.answer-facts .status', { hasText: '提出済' }).waitFor();
    await logout(page);

    // 2. The secretariat sends it back with a comment; the section sees the
    // comment, answers again and submits.
    const COMMENT = 'E2E：配布先を追記してください';
    await login(page, base, 'jimukyoku');
    await page.goto(`${base}/answers/${answerId}`);
    await page.locator('form.review-return textarea[name="comment"]').fill(COMMENT);
    await page.getByRole('button', { name: '差し戻す', exact: true }).click();
    await page.locator('.answer-facts .status', { hasText: '差戻し' }).waitFor();
    await logout(page);
    await login(page, base, 'shogaikikaku');
    await page.goto(`${base}/answers/${answerId}`);
    await page.getByText(COMMENT).first().waitFor();
    await page.locator('form.answer-form textarea').first().fill(TEXT);
    await page.getByRole('button', { name: '提出', exact: true }).click();
    await page.waitForURL(/submitted=1/);
    await logout(page);

    // 3. The secretariat confirms it and publishes the round to everyone.
    await login(page, base, 'jimukyoku');
    await page.goto(base + '/rounds');
    await page.locator('table.rounds').getByRole('link', { name: '令和2年度' }).click();
    await page.waitForURL(/\/rounds\/\d+$/);
    const row = page.locator(`#answer-${answerId}`);
    await row.locator('.status', { hasText: '提出済' }).waitFor();
    await page.locator(`input[name="answer"][value="${answerId}"]`).check();
    await page.getByRole('button', { name: '選んだ回答を確定する' }).click();
    await page.waitForURL(/confirmed=1/);
    await row.locator('.status', { hasText: '確定' }).waitFor();
    await page.locator('input[name="level"][value="2"]').check();
    await page.getByRole('button', { name: '掲載範囲を変更する' }).click();
    await page.waitForURL(/published=1/);
    await page.locator('.round-published', { hasText: '一般' }).waitFor();
    await logout(page);
    await staff.close();

    // 4. Anyone sees the answer on the sheet, and downloads it as Excel and
    // PDF (the page says when each file is saved).
    const visitor = await browser.newContext({ locale: 'ja-JP' });
    visitor.setDefaultTimeout(TIMEOUT);
    page = await visitor.newPage();
    const res = await page.goto(base + '/plans/1/sheet?years=2020');
    assert.equal(res.status(), 200);
    await page.locator('table.sheet td', { hasText: TEXT }).first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-sheet.png'), fullPage: true });
    for (const [name, magic] of [['Excel', 'PK'], ['PDF', '%PDF-']]) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('section.downloads a', { hasText: name }).first().click(),
      ]);
      const file = path.join(ARTIFACTS, `e2e-download-${name}`);
      await download.saveAs(file);
      const head = fs.readFileSync(file).subarray(0, magic.length).toString();
      assert.equal(head, magic, `${name} download`);
      await page.locator('#work-status', { hasText: 'ファイルを保存しました。' }).waitFor();
    }
    await visitor.close();
  });
});
