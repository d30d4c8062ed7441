// Browser tests of the web UI against the real binary and Debian Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, newContext, shot, login, repoDir } from '../lib/harness.mjs';

let server;
let browser;
/** The problem walked through the sign-off procedure (found by the unit test). */
let walked = null;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

/** Runs `fn` with a fresh context and page; fails on console errors or foreign requests. */
async function withPage(fn, opts = {}) {
  const ctx = await newContext(browser, server, opts);
  const page = await ctx.newPage();
  try {
    await fn(page, ctx);
    // Let late console messages (charts, deferred scripts) arrive.
    await page.waitForTimeout(150);
    assert.deepEqual(ctx.problems, [], 'console errors or foreign requests');
  } finally {
    await ctx.close();
  }
}

const submitAndWait = async (page, locator) => {
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), locator.click()]);
};

test('anonymous: the ledger redirects to login, the portal is open', async () => {
  await withPage(async (page) => {
    await page.goto(`${server.base}/problems`);
    assert.match(new URL(page.url()).pathname, /^\/login$/);
    assert.equal(new URL(page.url()).searchParams.get('next'), '/problems');
    await page.goto(`${server.base}/`);
    assert.match(new URL(page.url()).pathname, /^\/login$/);
    await shot(page, '01-login');

    const res = await page.goto(`${server.base}/public`);
    assert.equal(res.status(), 200);
    await page.getByRole('heading', { name: '督察反馈问题整改情况公开' }).waitFor();
    assert.ok((await page.locator('#plans .plan-list li').count()) >= 2, 'plans listed');
    assert.ok((await page.locator('#problems .pub-item').count()) > 0, 'problems listed');
    const html = await page.content();
    for (const secret of ['rectify_session', 'submitted_by', '联络人', '责任人员']) {
      assert.ok(!html.includes(secret), `portal must not show ${secret}`);
    }
    await shot(page, '08-public');

    // Security headers: strict CSP without inline script or style.
    const csp = res.headers()['content-security-policy'] || '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
  });
});

test('a bad login shows the Chinese error', async () => {
  await withPage(async (page) => {
    await page.goto(`${server.base}/login`);
    await page.getByLabel('用户名').fill('office');
    await page.getByLabel('密码').fill('wrong-password');
    await submitAndWait(page, page.getByRole('button', { name: '登录' }));
    await page.locator('#login-error').waitFor();
    assert.match(await page.locator('#login-error').innerText(), /用户名或密码错误/);
    // Repeated failures lock the account, and the page says so.
    let msg = '';
    for (let i = 0; i < 6 && !/锁定/.test(msg); i++) {
      await page.getByLabel('用户名').fill('discipline');
      await page.getByLabel('密码').fill(`wrong-${i}`);
      await submitAndWait(page, page.getByRole('button', { name: '登录' }));
      msg = await page.locator('#login-error').innerText();
    }
    assert.match(msg, /账户已锁定/);
    const unknown = await page.request.get(`${server.base}/no/such/page`);
    assert.equal(unknown.status(), 404);
    assert.match(await unknown.text(), /未找到/);
  });
});

test('office: dashboard charts and action lists', async () => {
  await withPage(async (page) => {
    await login(page, server, 'office');
    assert.equal(new URL(page.url()).pathname, '/');
    await page.getByRole('heading', { name: '挂图作战' }).waitFor();
    for (const id of ['chart-status', 'chart-category', 'chart-unit', 'chart-leader']) {
      await page.locator(`#${id} canvas, #${id} svg`).first().waitFor({ timeout: 10_000 });
    }
    const charts = await page.locator('.chart canvas, .chart svg').count();
    assert.ok(charts >= 2, `at least two charts rendered, got ${charts}`);
    assert.match(await page.locator('.stat').first().innerText(), /问题总数/);
    for (const id of ['overdue', 'warnings', 'missing', 'notices', 'objections']) {
      assert.equal(await page.locator(`#list-${id}`).count(), 1, `action list ${id}`);
    }
    assert.ok((await page.locator('#list-overdue li a').count()) > 0, 'overdue problems listed');
    assert.ok((await page.locator('#jurisdictions tbody tr').count()) >= 2, 'table by jurisdiction');
    await shot(page, '02-dashboard');

    // A card leads to the filtered ledger.
    await submitAndWait(page, page.locator('a.card-overdue'));
    assert.equal(new URL(page.url()).searchParams.get('overdue'), 'true');

    // Logout ends the session.
    await submitAndWait(page, page.getByRole('button', { name: '退出' }));
    assert.equal(new URL(page.url()).pathname, '/login');
    await page.locator('.flash-ok').waitFor();
    await page.goto(`${server.base}/problems`);
    assert.equal(new URL(page.url()).pathname, '/login');
  });
});

test('office: ledger filters, search, sorting, export', async () => {
  await withPage(async (page) => {
    await login(page, server, 'office');
    await page.goto(`${server.base}/problems`);
    const total = Number(await page.locator('#result-total').innerText());
    assert.ok(total > 50, `demo ledger has many problems (${total})`);
    const headers = await page.locator('#ledger thead th').allInnerTexts();
    for (const h of ['序号', '问题', '整改时限', '责任单位', '督办领导', '进度', '状态', '预警']) {
      assert.ok(headers.some((t) => t.includes(h)), `column ${h}`);
    }
    await shot(page, '03-ledger');

    // Search.
    await page.getByLabel('关键词').fill('尾砂');
    await submitAndWait(page, page.getByRole('button', { name: '查询' }));
    assert.equal(new URL(page.url()).searchParams.get('q'), '尾砂');
    assert.equal(new URL(page.url()).searchParams.get('plan'), null, 'empty filters left out of the URL');
    const found = Number(await page.locator('#result-total').innerText());
    assert.ok(found >= 1 && found < total, `search narrows (${found})`);
    const texts = await page.locator('#ledger tbody .problem-link').allInnerTexts();
    assert.ok(texts.length === found || texts.length === 50);

    // A filter select submits the form.
    await page.goto(`${server.base}/problems`);
    await Promise.all([page.waitForNavigation(), page.getByLabel('整改状态').selectOption('in_progress')]);
    assert.equal(new URL(page.url()).searchParams.get('status'), 'in_progress');
    const statuses = await page.locator('#ledger tbody .c-status').allInnerTexts();
    assert.ok(statuses.length > 0 && statuses.every((s) => s.trim() === '整改中'), 'only 整改中 rows');
    await Promise.all([page.waitForNavigation(), page.getByLabel('是否超期').selectOption('true')]);
    const u = new URL(page.url());
    assert.equal(u.searchParams.get('overdue'), 'true');
    assert.equal(u.searchParams.get('status'), 'in_progress', 'filters combine');
    assert.ok((await page.locator('#ledger tbody tr.is-overdue').count()) > 0);
    await shot(page, '04-ledger-filtered');

    // Sorting by deadline.
    await submitAndWait(page, page.locator('#ledger thead a', { hasText: '整改时限' }));
    assert.equal(new URL(page.url()).searchParams.get('sort'), 'due');

    // Export of the current view.
    const href = await page.locator('#export-csv').getAttribute('href');
    assert.match(href, /status=in_progress/);
    const csv = await page.request.get(`${server.base}${href}`);
    assert.equal(csv.status(), 200);
    const body = await csv.text();
    assert.match(body, /序号/);
    const xlsx = await page.request.get(`${server.base}${await page.locator('#export-xlsx').getAttribute('href')}`);
    assert.equal(xlsx.status(), 200);
    assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK');

    // Bad parameters give a friendly page, not a crash.
    const bad = await page.request.get(`${server.base}/problems?plan=abc&due_from=x`);
    assert.equal(bad.status(), 400);
    assert.match(await bad.text(), /出错了/);
    const missing = await page.request.get(`${server.base}/problems/999999`);
    assert.equal(missing.status(), 404);
    assert.match(await missing.text(), /未找到/);
    const junk = await page.request.get(`${server.base}/problems/%3Cscript%3E`);
    assert.equal(junk.status(), 404);
  });
});

test('office: a problem page', async () => {
  await withPage(async (page) => {
    await login(page, server, 'office');
    await page.goto(`${server.base}/problems?overdue=true`);
    await submitAndWait(page, page.locator('#ledger .problem-link').first());
    assert.match(new URL(page.url()).pathname, /^\/problems\/\d+$/);
    for (const id of ['basics', 'measures', 'reports', 'signoff', 'schedule', 'warnings', 'escalations', 'objections', 'history']) {
      assert.equal(await page.locator(`#${id}`).count(), 1, `section ${id}`);
    }
    assert.ok((await page.locator('#history tbody tr').count()) >= 1, 'audit history shown');
    if (await page.locator('#chart-reports').count()) {
      await page.locator('#chart-reports canvas').waitFor();
    }
    // Office may escalate.
    await page.getByLabel('方式').selectOption('interview');
    await page.getByLabel('文号').fill('衡整改办〔2026〕12号');
    await submitAndWait(page, page.locator('#escalation-form button[type=submit]'));
    await page.locator('.flash-ok').waitFor();
    assert.match(await page.locator('#escalations').innerText(), /约谈/);
    await shot(page, '05-problem');
  });
});

test('unit: progress report and self-check', async () => {
  await withPage(async (page) => {
    await login(page, server, 'unit');
    await page.goto(`${server.base}/problems?status=in_progress`);
    const links = await page.locator('#ledger .problem-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.length > 0, 'the unit sees problems');
    for (const href of links) {
      await page.goto(`${server.base}${href}`);
      if (await page.locator('#progress-form').count() && await page.locator('form.signoff-form[data-step=self_check]').count()) {
        walked = href;
        break;
      }
    }
    assert.ok(walked, 'a problem the unit works on');
    // The unit may not review or escalate.
    assert.equal(await page.locator('#escalation-form').count(), 0);
    assert.equal(await page.locator('form.signoff-form[data-step=review]').count(), 0);

    // A hurried hand: 150% (past the browser's own check) comes back in the
    // form with the reason and its code, and nothing typed is lost.
    await page.locator('#p-percent').evaluate((el) => el.removeAttribute('max'));
    await page.getByLabel('报告期').fill('2026-11');
    await page.getByLabel('完成进度（%）').fill('150');
    await page.getByLabel('进展情况').fill('管网铺设过半，正在验收。');
    await submitAndWait(page, page.locator('#progress-form button[type=submit]'));
    await page.locator('.flash-err').waitFor();
    assert.match(await page.locator('.flash-err').innerText(), /错误代码：percent_out_of_range/);
    assert.equal(await page.getByLabel('进展情况').inputValue(), '管网铺设过半，正在验收。');
    assert.equal(await page.getByLabel('完成进度（%）').inputValue(), '150');
    await shot(page, '06-problem-unit-refused');

    // The final report goes in with a site photo, marked for the portal.
    await page.getByLabel('报告期').fill('2026-11');
    await page.getByLabel('完成进度（%）').fill('100');
    await page.getByLabel('进展情况').fill('已全部完成整改任务，验收资料已归档。');
    await page.locator('#p-files').setInputFiles(path.join(repoDir, 'demo', 'evidence-site-photo.png'));
    await page.locator('#progress-form select[name=evidence_kind]').selectOption('photo');
    await page.locator('#progress-form input[name=evidence_public]').check();
    await shot(page, '06-problem-unit');
    await submitAndWait(page, page.locator('#progress-form button[type=submit]'));
    await page.locator('.flash-ok').waitFor();
    assert.match(await page.locator('.flash-ok').innerText(), /进展报告已报送.*佐证材料 1 份/);
    assert.match(await page.locator('#reports').innerText(), /已全部完成整改任务/);
    assert.equal(await page.locator('#evidence .evidence-item img').count(), 1, 'the photo is listed');
    assert.match(await page.locator('#evidence').innerText(), /门户公开/);

    // Not accepted yet: the self-check is refused and says what is missing.
    let form = page.locator('form.signoff-form[data-step=self_check]');
    assert.match(await form.locator('.gate').innerText(), /须达到 100%/);
    await form.locator('textarea').fill('经自查，整改任务已全部完成。');
    await submitAndWait(page, form.getByRole('button', { name: '通过' }));
    await page.locator('.flash-err').waitFor();
    assert.match(await page.locator('.flash-err').innerText(), /错误代码：signoff_incomplete/);

    // The office accepts the final report.
    await withPage(async (office) => {
      await login(office, server, 'office');
      await office.goto(`${server.base}${walked}#reports`);
      const review = office.locator('.review-form').first();
      await submitAndWait(office, review.getByRole('button', { name: '采纳' }));
      await office.locator('.flash-ok').waitFor();
    });

    await page.reload();
    form = page.locator('form.signoff-form[data-step=self_check]');
    assert.match(await form.locator('.gate').getAttribute('class'), /gate-ok/);
    await form.locator('textarea').fill('经自查，整改任务已全部完成。');
    await submitAndWait(page, form.getByRole('button', { name: '通过' }));
    await page.locator('.flash-ok').waitFor();
    assert.equal((await page.locator('#status-badge').innerText()).trim(), '已自查');
    // A unit user cannot read a problem outside its units: a 403 page, no data.
    const api = await page.request.get(`${server.base}/api/v1/problems?per_page=500`);
    const mine = new Set((await api.json()).items.map((p) => p.id));
    const outside = Array.from({ length: 69 }, (_, i) => i + 1).find((id) => !mine.has(id));
    assert.ok(outside, 'a problem outside the unit');
    const other = await page.request.get(`${server.base}/problems/${outside}`);
    assert.equal(other.status(), 403);
    const body = await other.text();
    assert.match(body, /无权访问/);
    assert.doesNotMatch(body, /problem-description/);
  });
});

test('office: review, public notice; verification refused during the notice', async () => {
  assert.ok(walked, 'depends on the unit test');
  await withPage(async (page) => {
    await login(page, server, 'office');
    await page.goto(`${server.base}${walked}`);
    // Office may not self-check or report progress.
    assert.equal(await page.locator('#progress-form').count(), 0);

    // 初审 shows the final report and the photo.
    let form = page.locator('form.signoff-form[data-step=review]');
    assert.match(await form.locator('.gate').innerText(), /最终进展（2026-11，100%）/);
    const img = page.locator('#evidence .evidence-item img').first();
    await img.scrollIntoViewIfNeeded();
    assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), 'the photo loads');
    await shot(page, '07-problem-review-evidence');
    await form.locator('textarea').fill('材料齐全，同意。');
    await submitAndWait(page, form.getByRole('button', { name: '通过' }));
    assert.equal((await page.locator('#status-badge').innerText()).trim(), '已初审');

    form = page.locator('form.signoff-form[data-step=public_notice]');
    await submitAndWait(page, form.getByRole('button', { name: '通过' }));
    await page.locator('.flash-ok').waitFor();
    assert.match(await page.locator('.flash-ok').innerText(), /公示已开始：2026-11-23 至 2026-11-30/);
    assert.equal((await page.locator('#status-badge').innerText()).trim(), '公示中');
    await page.locator('#notice-period').waitFor();

    form = page.locator('form.signoff-form[data-step=verify]');
    await submitAndWait(page, form.getByRole('button', { name: '通过' }));
    await page.locator('.flash-err').waitFor();
    assert.match(await page.locator('.flash-err').innerText(), /公示/);
    assert.equal((await page.locator('#status-badge').innerText()).trim(), '公示中', 'still in notice');
    await shot(page, '07-problem-notice');
  });
});

test('public: a notice with the objection form, phone-sized', async () => {
  assert.ok(walked, 'depends on the sign-off test');
  const id = walked.split('/').pop();
  await withPage(async (page) => {
    await page.goto(`${server.base}/public`);
    const notice = page.locator(`#notices a[href="/public/problems/${id}"]`);
    assert.equal(await notice.count(), 1, 'the notice is listed');
    await shot(page, '09-public-phone');
    await submitAndWait(page, notice);
    await page.locator('#objection-form').waitFor();
    // The public sees the photo the unit marked public, and the notice dates.
    const photo = page.locator('#public-evidence img').first();
    await photo.scrollIntoViewIfNeeded();
    assert.ok(await photo.evaluate((el) => el.complete && el.naturalWidth > 0), 'the public photo loads');
    assert.match(await page.locator('#public-percent').innerText(), /100%/);
    const text = await page.locator('main').innerText();
    // The notice text: its title, the completion, the period and how to object.
    assert.match(text, /整改完成情况的公示/);
    assert.match(text, /2026年11月23日/);
    assert.match(text, /5个工作日/);
    assert.ok(!text.includes('经自查'), 'sign-off comments are not public');
    assert.ok(!/\b(office|unit|demo)\b/.test(text), 'no actors on the portal');
    await page.getByLabel('异议内容').fill('现场仍有尾砂堆放，请核实。');
    await page.getByLabel('联系方式（选填）').fill('13800000000');
    await submitAndWait(page, page.getByRole('button', { name: '提交异议' }));
    await page.locator('.flash-ok').waitFor();
    assert.ok(!(await page.content()).includes('13800000000'), 'the contact stays internal');
    // The citizen gets a reference number and finds the objection by it.
    const reference = (await page.locator('#objection-reference').innerText()).trim();
    assert.match(reference, /^YY\d{8}-[0-9A-Z]{10}$/);
    await shot(page, '10-public-problem-phone');
    await page.goto(`${server.base}/public/objections/lookup`);
    await page.getByPlaceholder('异议受理编号').fill(reference);
    await submitAndWait(page, page.getByRole('button', { name: '查询' }));
    assert.equal((await page.locator('#objection-reference').innerText()).trim(), reference);
    assert.match(await page.locator('#objection-state').innerText(), /受理|办理|待/);
    assert.ok(!(await page.content()).includes('13800000000'), 'no contact in the lookup');
    await shot(page, '10b-public-objection-lookup-phone');
  }, { viewport: { width: 390, height: 844 }, context: { isMobile: true, hasTouch: true } });

  // The office sees the objection and resolves it.
  await withPage(async (page) => {
    await login(page, server, 'office');
    await page.goto(`${server.base}/`);
    assert.ok((await page.locator('#list-objections li a').count()) >= 1, 'open objection on the dashboard');
    await page.goto(`${server.base}${walked}#objections`);
    assert.match(await page.locator('#objections').innerText(), /现场仍有尾砂堆放/);
    await page.locator('#objections input[name=resolution]').fill('经现场核查，已清理完毕。');
    await submitAndWait(page, page.locator('#objections button[type=submit]'));
    await page.locator('.flash-ok').waitFor();
    assert.match(await page.locator('#objections').innerText(), /已办结/);
  });
});

test('xss: a script in an imported plan is shown as text, never run', async () => {
  const evil = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';
  const plan = [
    '测试县中央生态环境保护督察反馈问题整改清单', '', '（反馈问题共1个）', '',
    '序号\t反馈问题\t整改目标\t整改措施\t整改时限\t责任单位\t责任人',
    `1\t注入测试${evil}问题。\t目标<b>加粗</b>。\t1.整改措施一。\t2027年6月底前\t县住建局（牵头）\t县住建局局长 王五`,
    '',
  ].join('\n');
  await withPage(async (page) => {
    await login(page, server, 'office');
    await page.goto(`${server.base}/import`);
    await page.getByLabel('方案文件').setInputFiles({ name: 'xss.txt', mimeType: 'text/plain', buffer: Buffer.from(plan, 'utf8') });
    await submitAndWait(page, page.getByRole('button', { name: '上传并预览' }));
    await page.locator('#preview').waitFor();
    assert.equal(await page.locator('#preview-count').innerText(), '1');
    assert.ok((await page.locator('#preview').innerText()).includes(evil), 'preview shows the text literally');
    await page.locator('#cf-legend').waitFor();
    // No 督办领导 in this list: the preview marks the field as not found.
    assert.ok(await page.locator('#preview td.cf-missing').count() >= 1, 'missing fields are marked');
    assert.equal(await page.evaluate(() => typeof window.__xss), 'undefined');
    await shot(page, '11-import-preview');
    await submitAndWait(page, page.getByRole('button', { name: '确认保存' }));
    await page.locator('.flash-ok').waitFor();
    // Saved: the plan page, not yet on the portal.
    assert.match(new URL(page.url()).pathname, /^\/plans\/\d+$/);
    await page.locator('#plan-unpublished').waitFor();
    await submitAndWait(page, page.getByRole('link', { name: '查看台账' }));
    assert.equal(Number(await page.locator('#result-total').innerText()), 1);
    assert.equal(await page.evaluate(() => typeof window.__xss), 'undefined');
    await submitAndWait(page, page.locator('#ledger .problem-link').first());
    const desc = await page.locator('#problem-description').innerText();
    assert.ok(desc.includes(evil), `shown literally: ${desc}`);
    assert.equal(await page.locator('#problem-description img, #problem-description script').count(), 0);
    assert.equal(await page.evaluate(() => typeof window.__xss), 'undefined');
    await shot(page, '12-xss-problem');

    // The same through the JSON API (raw body), then on the public portal.
    const res = await page.request.post(`${server.base}/api/v1/imports?file_name=x.txt`, {
      headers: { 'Content-Type': 'application/octet-stream' },
      data: Buffer.from(plan.replace('测试县', '另一测试县'), 'utf8'),
    });
    assert.equal(res.status(), 200, await res.text());
    const { report } = await res.json();
    const pub = await page.request.post(`${server.base}/api/v1/plans/${report.plan_id}/publish`, {
      headers: { 'Content-Type': 'application/json' }, data: {},
    });
    assert.equal(pub.status(), 200, await pub.text());
    await page.goto(`${server.base}/public?plan=${report.plan_id}`);
    await submitAndWait(page, page.locator('#problems .pub-item a').first());
    assert.ok((await page.locator('#problem-description').innerText()).includes(evil));
    assert.equal(await page.evaluate(() => typeof window.__xss), 'undefined');
  });
});

test('office: correct a unit role, a deadline and the plan issue date', async () => {
  await withPage(async (page) => {
    await login(page, server, 'office');
    const list = await page.request.get(`${server.base}/api/v1/problems?status=in_progress&per_page=20`);
    const rows = (await list.json()).items.filter((r) => r.units.length > 0);
    assert.ok(rows.length > 0, 'a problem in progress');
    const p = rows[0];
    const save = () => submitAndWait(page, page.locator('#problem-edit button[type=submit]'));
    await page.goto(`${server.base}/problems/${p.id}`);
    await submitAndWait(page, page.locator('#edit-link'));
    await page.locator('#problem-edit').waitFor();
    await shot(page, '14-problem-edit');

    // A later deadline and another role for the first unit.
    await page.getByLabel('原文表述').fill('2027年6月底前');
    await page.getByLabel('到期日').fill('');
    const role = page.locator('select[name=unit_role_0]');
    const now = await role.inputValue();
    await role.selectOption(now === 'primary' ? 'lead' : 'primary');
    await page.locator('#pe-reason').fill('按修订后的方案更正牵头单位和时限');
    await save();
    await page.locator('.flash-ok').waitFor();
    assert.match(new URL(page.url()).pathname, new RegExp(`^/problems/${p.id}$`));
    assert.doesNotMatch(await page.locator('#warnings').innerText(), /逾期/, 'not overdue any more');
    let history = await page.locator('#history').innerText();
    assert.match(history, /按修订后的方案更正牵头单位和时限/);
    assert.match(history, /整改时限：.*→ 2027年6月底前（2027-06-30）/);
    assert.match(history, /责任单位：.*→/);

    // A hurried hand: no reason (the browser's own check removed) → the
    // form comes back with what was typed and the coded reason.
    await submitAndWait(page, page.locator('#edit-link'));
    await page.getByLabel('原文表述').fill('2026年10月底前');
    await page.evaluate(() => document.querySelector('#pe-reason').removeAttribute('required'));
    await save();
    await page.locator('#edit-error').waitFor();
    assert.match(await page.locator('#edit-error').innerText(), /reason_required/);
    assert.equal(await page.getByLabel('原文表述').inputValue(), '2026年10月底前', 'what was typed is kept');
    // With a reason: the deadline has passed, the problem is overdue at once.
    await page.locator('#pe-reason').fill('督察组要求提前完成');
    await save();
    await page.locator('.flash-ok').waitFor();
    assert.match(await page.locator('#warnings').innerText(), /逾期/, 'overdue at once');
    history = await page.locator('#history').innerText();
    assert.match(history, /督察组要求提前完成/);
    await shot(page, '15-problem-corrected');

    // The plan's issue date, on the plan page.
    await submitAndWait(page, page.locator('.problem-head a[href^="/plans/"]'));
    await page.locator('#plan-form').waitFor();
    await page.getByLabel('印发日期').fill('2021-09-30');
    await page.getByLabel('更正原因（必填）').fill('补录方案印发日期');
    await submitAndWait(page, page.getByRole('button', { name: '保存更正' }));
    await page.locator('.flash-ok').waitFor();
    assert.equal(await page.getByLabel('印发日期').inputValue(), '2021-09-30');
    const table = await page.locator('#corrections').innerText();
    assert.match(table, /补录方案印发日期/);
    assert.match(table, /按修订后的方案更正牵头单位和时限/);
    await shot(page, '16-plan-corrections');

    // Split a measure off into a new problem, then merge it back.
    await page.goto(`${server.base}/problems/${p.id}/edit`);
    await page.getByLabel('新问题的描述').fill('拆出的问题：城区黑臭水体');
    await page.locator('#split-form input[type=checkbox]').first().check();
    await page.locator('#sp-reason').fill('导入时两个问题被合成一条');
    await submitAndWait(page, page.getByRole('button', { name: '拆分' }));
    await page.locator('.flash-ok').waitFor();
    const newId = Number(new URL(page.url()).pathname.split('/').pop());
    assert.notEqual(newId, p.id);
    assert.match(await page.locator('#problem-description').innerText(), /拆出的问题/);
    await page.goto(`${server.base}/problems/${p.id}/edit`);
    await page.locator('#mg-other').selectOption(String(newId));
    await page.locator('#mg-reason').fill('拆分有误，合并回原问题');
    await submitAndWait(page, page.getByRole('button', { name: '合并', exact: true }));
    await page.locator('.flash-ok').waitFor();
    assert.equal((await page.request.get(`${server.base}/api/v1/problems/${newId}`)).status(), 404);
    assert.match(await page.locator('#history').innerText(), /拆分有误，合并回原问题/);

    const v = await (await page.request.get(`${server.base}/api/v1/audit/verify`)).json();
    assert.equal(v.ok, true, JSON.stringify(v));
  });
});

test('english switch', async () => {
  await withPage(async (page) => {
    await login(page, server, 'office');
    await page.goto(`${server.base}/problems?lang=en`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.goto(`${server.base}/`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the choice is kept in a cookie');
    await page.locator('.chart canvas').first().waitFor();
    await shot(page, '13-dashboard-en');
    await page.goto(`${server.base}/?lang=zh`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  });
});

test('office: the unit registry suggests duplicates and merges with a reason', async () => {
  await withPage(async (page) => {
    await login(page, server, 'office');
    await submitAndWait(page, page.locator('.mainnav').getByRole('link', { name: '单位名录' }));
    assert.match(new URL(page.url()).pathname, /^\/units$/);
    // The bundled 常德 plan's 「各区县（市）委和人民政府」 is expanded in its own
    // wording (「鼎城区委和人民政府」); the bare 「鼎城区」 it also writes is suggested.
    const dup = page.locator('#unit-duplicates');
    assert.ok((await dup.locator('tbody tr').count()) > 0, 'duplicates suggested');
    const row = dup.locator('tbody tr', { hasText: '鼎城区委和人民政府' });
    assert.equal(await row.count(), 1);
    await shot(page, '14-units');
    // The suggestion's link fills the form in.
    await submitAndWait(page, row.getByRole('link').first());
    const from = await page.locator('#um-from').inputValue();
    const into = await page.locator('#um-into').inputValue();
    assert.ok(from && into && from !== into, 'the form is filled in');
    assert.match(await page.locator('#um-from option:checked').innerText(), /^#\d+ 鼎城区$/);
    assert.match(await page.locator('#um-into option:checked').innerText(), /^#\d+ 鼎城区委和人民政府$/);
    await page.locator('#um-reason').fill('鼎城区即鼎城区委和人民政府');
    await submitAndWait(page, page.locator('#unit-merge-form button[type=submit]'));
    await page.locator('.flash-ok').waitFor();
    assert.match(await page.locator('.flash-ok').innerText(), /已将“鼎城区”合并到“鼎城区委和人民政府”/);
    assert.equal(await page.locator('#um-from option', { hasText: /^#\d+ 鼎城区$/ }).count(), 0);
  });
});
