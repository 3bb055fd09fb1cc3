// Readable on a narrow screen (a phone, 390 CSS pixels wide): the main pages
// of each kind of user never make the window scroll sideways; a table wider
// than the screen scrolls in its own box. A screenshot of each is kept.
//
//   SHINCHOKU_BIN=build/shinchoku node --test tests/e2e/narrow.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, TIMEOUT, login, withDemo } from './lib.mjs';

const WIDTH = 390;
const PAGES = [
  [null, '/'],
  [null, '/plans/1/sheet?years=2019,2020'],
  ['shogaikikaku', '/inbox'],
  ['shogaikikaku', '/answers/first'],
  ['jimukyoku', '/rounds/3'],
  ['jimukyoku', '/plans/1/structure'],
  ['jimukyoku', '/plans/1/fields'],
  ['admin', '/admin/org?fy=2020'],
];

test('the main pages fit a narrow screen', { timeout: 240_000 }, async () => {
  await withDemo(async (base, browser) => {
    const dir = path.join(ARTIFACTS, 'narrow');
    fs.mkdirSync(dir, { recursive: true });
    const contexts = new Map();
    for (const [who, target] of PAGES) {
      let ctx = contexts.get(who);
      if (!ctx) {
        ctx = await browser.newContext({ viewport: { width: WIDTH, height: 844 }, locale: 'ja-JP' });
        ctx.setDefaultTimeout(TIMEOUT);
        if (who) await login(await ctx.newPage(), base, who);
        contexts.set(who, ctx);
      }
      const page = await ctx.newPage();
      let url = base + target;
      if (target === '/answers/first') {
        await page.goto(base + '/inbox');
        url = base + (await page.locator('a[href^="/answers/"]').first().getAttribute('href'));
      }
      const res = await page.goto(url);
      assert.equal(res.status(), 200, url);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      const name = `${who || 'anonymous'}${target.replace(/[^a-z0-9]+/gi, '-')}.png`;
      await page.screenshot({ path: path.join(dir, name), fullPage: true });
      assert.ok(wide <= WIDTH, `${target} as ${who || 'anonymous'} is ${wide}px wide`);
      await page.close();
    }
    for (const ctx of contexts.values()) await ctx.close();
  });
});
