// Test harness: starts the real `rectify serve --demo` binary on a free
// port with a fresh data directory, launches Debian's Chromium through
// playwright-core, and records console errors and requests to any other host.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const e2eDir = path.resolve(here, '..');
export const repoDir = path.resolve(e2eDir, '..');
export const artifacts = path.join(e2eDir, 'artifacts');
export const PASSWORD = 'rectify-demo';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(base, proc, log) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`server exited early (${proc.exitCode}):\n${log.join('')}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not become healthy:\n${log.join('')}`);
}

export async function startServer() {
  const bin = process.env.RECTIFY_BIN || path.join(repoDir, 'target', 'debug', 'rectify');
  const data = mkdtempSync(path.join(tmpdir(), 'rectify-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = [];
  const proc = spawn(bin, ['serve', '--demo', '--data', data, '--listen', `127.0.0.1:${port}`], {
    env: { ...process.env, RECTIFY_TODAY: '2026-11-23', RUST_LOG: process.env.RUST_LOG || 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.on('data', (d) => log.push(d.toString()));
  proc.stderr.on('data', (d) => log.push(d.toString()));
  await waitHealthy(base, proc, log);
  return {
    base,
    port,
    log,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => {
          const t = setTimeout(() => { proc.kill('SIGKILL'); r(); }, 5000);
          proc.on('exit', () => { clearTimeout(t); r(); });
        });
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync',
      '--disable-default-apps', '--disable-extensions', '--lang=zh-CN',
    ],
  });
}

/// A browser context that records console errors, page errors and any
/// request that leaves the test server.
export async function newContext(browser, server, opts = {}) {
  const ctx = await browser.newContext({
    locale: 'zh-CN',
    viewport: opts.viewport || { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    ...opts.context,
  });
  const problems = [];
  const origin = new URL(server.base).origin;
  ctx.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return;
    let o;
    try { o = new URL(url).origin; } catch { o = url; }
    if (o !== origin) problems.push(`request to another host: ${url}`);
  });
  ctx.on('page', (page) => watchPage(page, problems));
  ctx.problems = problems;
  return ctx;
}

function watchPage(page, problems) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error on ${page.url()}: ${err.message}`));
}

export async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  // The first screen as a person sees it on opening the page.
  await page.screenshot({ path: path.join(artifacts, `${name}-top.png`), fullPage: false });
}

export async function login(page, server, username) {
  await page.goto(`${server.base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.getByRole('button', { name: '登录' }).click(),
  ]);
}
