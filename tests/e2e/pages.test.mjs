// Every page, as every demo role sees it, accessible and valid: axe-core
// (WCAG 2.0/2.1 A and AA) in Chromium on each page, the Nu Html Checker
// (vnu.jar) over the bodies the server sent (and the stylesheet and icon),
// a full-page screenshot of each in build/artifacts/pages/, and the keyboard
// on a few key pages (every control reached by Tab, each with a visible focus
// indicator). The pages are the GET
// routes of src/pages/routes.c with the demo's real ids, the error pages, and
// the forms again after a refused POST, so that their error states are
// checked too.
//
// What is not yet fixed is listed in a11y-baseline.json as { rule, page }
// pairs: the test fails on a violation not listed there, and on a listed one
// that no longer occurs, so the list can only shrink.
//
//   SHINCHOKU_BIN=build/shinchoku node --test tests/e2e/pages.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ARTIFACTS, REPO, TIMEOUT, login, withDemo } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const VNU = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
const OUT = path.join(ARTIFACTS, 'pages');
const BASELINE = path.join(REPO, 'tests', 'e2e', 'a11y-baseline.json');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const ROLES = ['anonymous', 'admin', 'jimukyoku', 'kenkofukushi', 'shogaikikaku', 'shiminseikatsu', 'iin'];

// The demo's ids: plan 1, its open round 3 and the round's answers (9 is
// 障害企画課's, 15 市民生活課's), units and users from the seed.
const ANSWERS = [9, 15];
const PAGES = [
  '/',
  '/?lang=en',
  '/login',
  '/login?lang=en',
  '/plans/1/sheet',
  '/plans/1/sheet?lang=en',
  '/plans/1/sheet?years=2019,2020',
  '/plans/1/sheet?years=2020&examples=1',
  '/plans/1/sheet?years=2020&answers=all',
  '/plans/1/sheet?years=2019,2020&era=western&direction=1',
  '/account/password',
  '/account/tokens',
  '/projects/1',
  '/projects/1?lang=en',
  '/admin/users',
  '/admin/users/new',
  '/admin/users/5',
  '/admin/org',
  '/admin/org?fy=2020',
  '/admin/org/units/3',
  '/audit',
  '/audit?lang=en',
  '/inbox',
  '/inbox?lang=en',
  '/rounds',
  '/plans/1/rounds/new',
  '/rounds/3',
  '/rounds/3?lang=en',
  '/rounds/3/reminders',
  '/rounds/3/upload',
  ...ANSWERS.flatMap((id) => [`/answers/${id}`, `/answers/${id}/history`]),
  '/answers/9?lang=en',
  '/answers/9/history?field=1&compare=last_year',
  '/imports/new',
  '/plans/new',
  '/plans/1/structure',
  '/plans/1/structure?lang=en',
  '/plans/1/fields',
  '/plans/1/indicators',
  '/plans/1/projects',
  '/plans/1/initiatives/bulk',
  '/plans/1/projects/bulk',
];

// Error pages, checked once per role (every other refusal is the same page).
const ERRORS = ['/no/such/page', '/plans/999/sheet', '/plans/1/sheet?years=abc', '/plans/1/sheet?lang=en&years=abc'];

// Forms sent with values the server refuses; the page that comes back is
// checked. fill: name -> value, set with the browser's own validation off.
const REFUSED = [
  { role: 'anonymous', page: '/login', form: '/login', fill: { login: 'admin', password: 'wrong' } },
  { role: 'anonymous', page: '/login?lang=en', form: '/login', fill: { login: 'nobody', password: 'x' } },
  { role: 'iin', page: '/account/password', form: '/account/password', fill: { current: 'wrong', new: 'a', confirm: 'b' } },
  { role: 'iin', page: '/account/tokens', form: '/account/tokens', fill: { name: '', days: '-1' } },
  { role: 'admin', page: '/admin/users/new', form: '/admin/users', fill: { login: '', name: '', password: 'x' } },
  { role: 'admin', page: '/admin/users/5', form: '/admin/users/5', fill: { name: '', email: 'not an address' } },
  { role: 'admin', page: '/admin/org/units/3', form: '/admin/org/units/3/rename', fill: { name: '', rename_fy: 'x' } },
  { role: 'admin', page: '/plans/new', form: '/plans', fill: { title: '', from_fy: 'x', to_fy: '' } },
  { role: 'jimukyoku', page: '/plans/1/structure', form: '/plans/1/directions', fill: { label: '', title: '' } },
  { role: 'jimukyoku', page: '/plans/1/structure', form: '/plans/1/initiatives', fill: { number: '', title: '' } },
  { role: 'jimukyoku', page: '/plans/1/fields', form: '/plans/1/fields', fill: { label: '', max_chars: 'x' } },
  { role: 'jimukyoku', page: '/plans/1/fields', form: '/plans/1/scales', fill: { name: '' } },
  { role: 'jimukyoku', page: '/plans/1/indicators', form: '/plans/1/indicators', fill: { name: '', baseline: 'x', target: 'y' } },
  { role: 'jimukyoku', page: '/plans/1/projects', form: '/plans/1/projects', fill: { name: '', from_fy: 'x' } },
  { role: 'jimukyoku', page: '/plans/1/rounds/new', form: '/plans/1/rounds', fill: { deadline: '' } },
  { role: 'jimukyoku', page: '/plans/1/initiatives/bulk', form: '/plans/1/initiatives/bulk', fill: { lines: 'x\ty' } },
  { role: 'jimukyoku', page: '/plans/1/projects/bulk', form: '/plans/1/projects/bulk', fill: { lines: '99\tx' } },
  { role: 'jimukyoku', page: '/imports/new', form: '/imports', fill: {} },
  { role: 'jimukyoku', page: '/rounds/3/upload', form: '/rounds/3/upload', fill: {} },
  { role: 'shogaikikaku', page: '/answers/9', form: '/answers/9', fill: { f1: 'a\u0001b' } },
];

// Pages whose keyboard use is checked (role, page).
const KEYBOARD = [
  ['anonymous', '/'],
  ['anonymous', '/login'],
  ['anonymous', '/plans/1/sheet'],
  ['shogaikikaku', '/inbox'],
  ['shogaikikaku', '/answers/9'],
  ['jimukyoku', '/rounds/3'],
  ['jimukyoku', '/plans/1/fields'],
];

function slug(role, url) {
  const s = url.replace(/^\//, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'home';
  return `${role}--${s}`;
}

// The page's key in reports and the baseline: its path and query.
function pageKey(url) {
  const u = new URL(url, 'http://x');
  return u.pathname + u.search;
}

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
}

function run(cmd, args) {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr }),
    );
  });
}

// Tabs through the page from its start: every visible control with a
// non-negative tab index is reached, and each looks different focused.
async function keyboard(page) {
  const expected = await page.evaluate(() => {
    const sel = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]';
    const styleOf = (el) => {
      const s = getComputedStyle(el);
      return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor, s.backgroundColor].join('|');
    };
    const out = [];
    let n = 0;
    for (const el of document.querySelectorAll(sel)) {
      if (el.tabIndex < 0 || el.disabled || el.closest('[inert]')) continue;
      el.dataset.kbd = String(n++);
      // A radio group is one tab stop: its checked button, else its first.
      if (el.type === 'radio' && el.name) {
        const group = [...(el.form || document).querySelectorAll('input[type="radio"]')].filter(
          (r) => r.name === el.name && !r.disabled,
        );
        const stop = group.find((r) => r.checked) || group[0];
        if (stop !== el) continue;
      }
      // The skip link is off-screen until focused: still a tab stop.
      const visible = el.classList.contains('skip-link') || el.checkVisibility({ visibilityProperty: true });
      if (!visible) continue;
      el.dataset.kbdStyle = styleOf(el);
      out.push({ id: el.dataset.kbd, what: el.outerHTML.slice(0, 120) });
    }
    return out;
  });
  const reached = [];
  const unmarked = [];
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  for (let i = 0; i < 3 * expected.length + 5; i++) {
    await page.keyboard.press('Tab');
    const got = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const now = [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor, s.backgroundColor].join('|');
      const hasRing = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      return { id: el.dataset.kbd, what: el.outerHTML.slice(0, 120), visible: hasRing && now !== el.dataset.kbdStyle };
    });
    if (!got || (reached.length && got.id === reached[0].id)) break;
    // A date input takes Tab for its parts: the same element again.
    if (reached.length && got.id === reached[reached.length - 1].id) continue;
    if (reached.some((r) => r.id === got.id)) break;
    reached.push(got);
    if (!got.visible) unmarked.push(got.what);
  }
  const ids = new Set(reached.map((r) => r.id));
  const skipped = expected.filter((e) => !ids.has(e.id)).map((e) => e.what);
  const extra = reached.filter((r) => r.id === undefined).map((r) => r.what);
  return { count: reached.length, skipped, unmarked, extra };
}

test('every page is accessible and valid HTML, for every role', { timeout: 900_000 }, async (t) => {
  const started = Date.now();
  fs.rmSync(OUT, { recursive: true, force: true });
  const htmlDir = path.join(OUT, 'html');
  fs.mkdirSync(htmlDir, { recursive: true });
  const violations = []; // { rule, impact, target, page, role }
  const files = new Map(); // file -> { role, page }
  const keyboardProblems = [];
  const offOrigin = [];
  const visited = {};
  let importPage = '';
  const timing = { axe: 0, shot: 0, vnu: 0 };

  await withDemo(async (base, browser) => {
    // One page through every check: axe, the body for vnu, a screenshot.
    async function check(page, role, url, response, suffix = '') {
      const key = pageKey(url) + suffix;
      let t0 = Date.now();
      const result = await axe(page);
      timing.axe += Date.now() - t0;
      for (const v of result.violations) {
        for (const node of v.nodes) {
          violations.push({ rule: v.id, impact: v.impact, target: node.target.join(' '), page: key, role });
        }
      }
      const name = slug(role, url + suffix);
      const file = path.join(htmlDir, name + '.html');
      fs.writeFileSync(file, response ? await response.body() : await page.content());
      files.set(file, { role, page: key });
      t0 = Date.now();
      await page.screenshot({ path: path.join(OUT, name + '.png'), fullPage: true });
      timing.shot += Date.now() - t0;
      (visited[role] ||= []).push(key);
    }

    // The stylesheet and the icon as served, for vnu's CSS and SVG checks.
    for (const name of ['style.css', 'icon.svg']) {
      const res = await fetch(`${base}/assets/${name}`);
      assert.equal(res.status, 200, name);
      const file = path.join(htmlDir, `asset--${name}`);
      fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      files.set(file, { role: 'anonymous', page: `/assets/${name}` });
    }

    // States worth seeing first: an answer with two saved versions (its
    // history shows a diff, the sheet's answers=all a draft), and an import
    // waiting for its confirm (its preview page).
    {
      const context = await browser.newContext({ locale: 'ja-JP' });
      context.setDefaultTimeout(TIMEOUT);
      const page = await context.newPage();
      await login(page, base, 'shogaikikaku');
      for (const text of ['E2E：相談窓口を周知した', 'E2E：相談窓口のリーフレットを配布した']) {
        await page.goto(base + '/answers/9');
        await page.locator('#f-f1').fill(text);
        await Promise.all([page.waitForURL(/saved=1/), page.locator('button[value="save"]').click()]);
      }
      await context.close();
      const csv = await fetch(base + '/plans/1/sheet.csv?years=2019');
      assert.equal(csv.status, 200);
      const importer = await browser.newContext({ locale: 'ja-JP' });
      importer.setDefaultTimeout(TIMEOUT);
      const ipage = await importer.newPage();
      await login(ipage, base, 'jimukyoku');
      await ipage.goto(base + '/imports/new');
      await ipage.locator('#f-file').setInputFiles({
        name: 'sheet.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(await csv.arrayBuffer()),
      });
      await Promise.all([ipage.waitForURL(/\/imports\/\d+$/), ipage.locator('main form button[type="submit"]').click()]);
      importPage = new URL(ipage.url()).pathname;
      await importer.close();
    }

    // Two roles at a time: the browser, the server and axe share two cores.
    async function visit(role) {
      const context = await browser.newContext({ locale: 'ja-JP', bypassCSP: true });
      context.setDefaultTimeout(TIMEOUT);
      // Only the demo server: anything else is a failure (and is not loaded).
      await context.route(
        (u) => u.origin !== base,
        (route) => {
          offOrigin.push(`${role}: ${route.request().url()}`);
          return route.abort();
        },
      );
      const page = await context.newPage();
      if (role !== 'anonymous') await login(page, base, role);
      for (const url of [...PAGES, importPage, importPage + '?lang=en']) {
        if (role !== 'anonymous' && url.startsWith('/login')) continue;
        const res = await page.goto(base + url);
        // Pages the role may not open redirect to the login or answer
        // 403/404: the error pages below are those.
        if (res.status() !== 200 || new URL(page.url()).pathname !== new URL(base + url).pathname) continue;
        await check(page, role, url, res);
      }
      for (const url of ERRORS) {
        const res = await page.goto(base + url);
        assert.ok(res.status() >= 400, `${role} ${url}: ${res.status()}`);
        await check(page, role, url, res);
      }
      for (const r of REFUSED.filter((x) => x.role === role)) {
        await page.goto(base + r.page);
        const form = page.locator(`main form[action="${r.form}"], main form[action^="${r.form}?"]`).first();
        await form.waitFor({ state: 'attached' });
        const [res] = await Promise.all([
          page.waitForNavigation(),
          form.evaluate((f, fill) => {
            f.noValidate = true;
            for (const [name, value] of Object.entries(fill)) {
              for (const el of f.elements) if (el.name === name) el.value = value;
            }
            f.requestSubmit(f.querySelector('button[type="submit"]:not([value="save"])') || undefined);
          }, r.fill),
        ]);
        assert.ok(res.status() >= 400, `${role} ${r.form} should be refused: ${res.status()} ${page.url()}`);
        await check(page, role, r.page, res, ` (refused POST ${r.form})`);
      }
      if (role === 'jimukyoku') {
        // A section's workbook uploaded back unchanged: the report page.
        const book = await page.request.get(base + '/rounds/3/sections/3/workbook.xlsx');
        assert.equal(book.status(), 200);
        await page.goto(base + '/rounds/3/upload');
        await page.locator('#f-file').setInputFiles({
          name: 'book.xlsx',
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          buffer: await book.body(),
        });
        const [res] = await Promise.all([page.waitForNavigation(), page.locator('main form button[type="submit"]').click()]);
        assert.equal(res.status(), 200, 'workbook upload');
        await page.locator('table.upload-report').waitFor();
        await check(page, role, '/rounds/3/upload', res, ' (uploaded workbook)');
      }
      for (const [kRole, url] of KEYBOARD.filter(([k]) => k === role)) {
        await page.goto(base + url);
        const k = await keyboard(page);
        t.diagnostic(`keyboard ${kRole} ${url}: ${k.count} tab stops`);
        for (const w of k.unmarked) keyboardProblems.push(`${kRole} ${url}: no visible focus on ${w}`);
        for (const w of k.skipped) keyboardProblems.push(`${kRole} ${url}: not reached by Tab: ${w}`);
        for (const w of k.extra) keyboardProblems.push(`${kRole} ${url}: focus on an unlisted element: ${w}`);
      }
      await context.close();
    }
    const queue = [...ROLES];
    const worker = async () => {
      while (queue.length) await visit(queue.shift());
    };
    await Promise.all([worker(), worker()]);
  });

  // A page no role could open is a wrong URL here, not a page checked.
  const opened = new Set(Object.values(visited).flat());
  assert.deepEqual(
    PAGES.filter((p) => !opened.has(p)),
    [],
    'pages that no role could open',
  );
  for (const role of ROLES) if (visited[role]) t.diagnostic(`${role}: ${visited[role].length} pages`);

  // The Nu Html Checker, once over every body the server sent.
  // A page known to be invalid, so that a checker that checks nothing fails.
  const canary = path.join(htmlDir, 'canary.html');
  fs.writeFileSync(canary, '<!DOCTYPE html><html lang="en"><title>x</title><p><div></div></p></html>\n');
  const vnuStart = Date.now();
  const vnu = await run('java', [
    '-jar',
    VNU,
    '--format',
    'json',
    '--errors-only',
    '--also-check-css',
    '--also-check-svg',
    canary,
    ...files.keys(),
  ]);
  timing.vnu = Date.now() - vnuStart;
  let messages;
  try {
    messages = JSON.parse(vnu.stderr || vnu.stdout).messages;
  } catch {
    assert.fail(`vnu did not answer JSON (exit ${vnu.code}):\n${vnu.stderr}${vnu.stdout}`);
  }
  const errors = messages.filter((x) => x.type === 'error' || x.subType === 'fatal');
  const isCanary = (m) => decodeURIComponent(new URL(m.url).pathname) === canary;
  assert.ok(errors.some(isCanary), `vnu found nothing wrong in ${canary}:\n${vnu.stderr}`);
  for (const m of errors.filter((x) => !isCanary(x))) {
    const file = decodeURIComponent(new URL(m.url).pathname);
    const at = files.get(file) || { role: '?', page: file };
    violations.push({
      rule: `html: ${m.message}`,
      impact: 'invalid',
      target: `line ${m.lastLine}: ${(m.extract || '').trim()}`,
      page: at.page,
      role: at.role,
    });
  }

  // Against the baseline: nothing new, nothing listed that has gone.
  const baseline = JSON.parse(fs.readFileSync(BASELINE, 'utf8'));
  const listed = new Set(baseline.map((b) => `${b.rule} @ ${b.page}`));
  const found = new Set(violations.map((v) => `${v.rule} @ ${v.page}`));
  const fresh = violations.filter((v) => !listed.has(`${v.rule} @ ${v.page}`));
  const gone = [...listed].filter((k) => !found.has(k));

  const counts = {};
  for (const v of violations) counts[v.rule] = (counts[v.rule] || 0) + 1;
  fs.writeFileSync(path.join(OUT, 'violations.json'), JSON.stringify({ counts, violations }, null, 1));
  for (const [rule, n] of Object.entries(counts).sort()) t.diagnostic(`${rule}: ${n}`);
  t.diagnostic(`time: axe ${timing.axe} ms, screenshots ${timing.shot} ms, vnu ${timing.vnu} ms`);
  t.diagnostic(`${files.size} pages checked in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const report = (list) =>
    list
      .slice(0, 60)
      .map((v) => `  ${v.rule} [${v.impact}] ${v.role} ${v.page}: ${v.target}`)
      .join('\n');
  assert.deepEqual(offOrigin, [], 'requests to another origin');
  assert.deepEqual(keyboardProblems, [], 'keyboard');
  assert.equal(fresh.length, 0, `violations not in the baseline (${fresh.length}):\n${report(fresh)}`);
  assert.deepEqual(gone, [], 'baseline entries that no longer occur: take them out of a11y-baseline.json');
});
