// What the browser tests share: a demo server of their own on a free port,
// Debian's Chromium with the project's flags, and signing in and out.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.SHINCHOKU_BIN || path.join(REPO, 'build', 'shinchoku');
export const ARTIFACTS = path.join(REPO, 'build', 'artifacts');
export const TIMEOUT = 30_000;

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForServer(base, child, log) {
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

export async function login(page, base, user) {
  await page.goto(base + '/login');
  await page.locator('input[name="login"]').fill(user);
  await page.locator('input[name="password"]').fill('demo');
  await page.getByRole('button', { name: 'ログインする' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.locator('.user-name').waitFor();
}

export async function logout(page) {
  await page.getByRole('button', { name: 'ログアウト' }).click();
  // Logged out: the header offers the login link again.
  await page.locator('.user-menu a[href^="/login"]').waitFor();
}


// The demo's database: a file in dir, or with SHINCHOKU_TEST_PG (a server
// that is only the tests', scripts/pg) a fresh PostgreSQL database on it,
// made here and dropped by the returned function.
let databases = 0;
function demoDatabase(dir) {
  const server = process.env.SHINCHOKU_TEST_PG;
  if (!server) return { url: path.join(dir, 'demo.db'), drop() {} };
  const name = `shinchoku_e2e_${process.pid}_${++databases}`;
  const psql = (sql) => execFileSync('psql', ['-q', '-X', '-v', 'ON_ERROR_STOP=1', '-d', server, '-c', sql]);
  psql(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  return {
    url: server.replace(/\/postgres(\?|$)/, `/${name}$1`),
    drop: () => psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

// Runs body(base, browser, dir) against a fresh demo server and browser, and
// stops both whatever happens; with { browser: false }, no browser.
export async function withDemo(body, { browser: wantBrowser = true } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const db = demoDatabase(dir);
  let output = '';
  const child = spawn(BIN, ['demo', '--db', db.url, '--port', String(port)], {
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
    if (wantBrowser) browser = await chromium.launch({
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
    await body(base, browser, dir);
  } finally {
    if (browser) await browser.close();
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    db.drop();
  }
}
