// One round, clicked through in a real browser: a section answers and submits,
// the secretariat confirms and publishes, and an anonymous visitor sees the
// answer on the progress sheet. Runs the demo server itself on a free port.
//
//   SHINCHOKU_BIN=build/shinchoku node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = process.env.SHINCHOKU_BIN || path.join(REPO, 'build', 'shinchoku');
const ARTIFACTS = path.join(REPO, 'build', 'artifacts');
const TEXT = 'E2E：リーフレットを1200部配布した';
const PROJECT = '障害者に対する虐待相談窓口の周知';
const TIMEOUT = 30_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForServer(base, child, log) {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.pid === undefined) throw new Error(`${BIN} did not start or exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(base + '/');
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not answer on ${base}:\n${log()}`);
}

async function login(page, base, user) {
  await page.goto(base + '/login');
  await page.locator('input[name="login"]').fill(user);
  await page.locator('input[name="password"]').fill('demo');
  await page.getByRole('button', { name: 'ログインする' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.locator('.user-name').waitFor();
}

async function logout(page) {
  await page.getByRole('button', { name: 'ログアウト' }).click();
  // Logged out: the header offers the login link again.
  await page.locator('.user-menu a[href^="/login"]').waitFor();
}

test('an answer goes from a section to the public sheet', { timeout: 240_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(BIN, ['demo', '--db', path.join(dir, 'demo.db'), '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((r) => child.once('exit', r));
  child.once('error', (e) => (output += `cannot start ${BIN}: ${e.message}\n`));
  let browser;
  try {
    await waitForServer(base, child, () => output);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      timeout: 120_000,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });

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

    // 2. The secretariat confirms it and publishes the round to everyone.
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

    // 3. Anyone sees the answer on the sheet.
    const visitor = await browser.newContext({ locale: 'ja-JP' });
    visitor.setDefaultTimeout(TIMEOUT);
    page = await visitor.newPage();
    const res = await page.goto(base + '/plans/1/sheet?years=2020');
    assert.equal(res.status(), 200);
    await page.locator('table.sheet td', { hasText: TEXT }).first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-sheet.png'), fullPage: true });
    await visitor.close();
  } finally {
    if (browser) await browser.close();
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
