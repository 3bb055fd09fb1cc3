// The OpenAPI document the program serves, checked against the program: the
// document is valid OpenAPI 3.1 JSON Schema, and real answers of a running
// demo server — reads, writes and refusals, as anonymous and as signed-in
// people — match the schemas it gives for them (Ajv, test only).
//
//   SHINCHOKU_BIN=build/shinchoku node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020.js';
import { withDemo } from './lib.mjs';

// Signs in through the login form: the session cookie and its CSRF token.
async function signIn(base, login) {
  const page = await fetch(base + '/login');
  const pre = page.headers.get('set-cookie').match(/shinchoku_pre=([^;]+)/)[1];
  const csrf = (await page.text()).match(/name="csrf" value="([^"]+)"/)[1];
  const res = await fetch(base + '/login', {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: base,
      Cookie: `shinchoku_pre=${pre}`,
    },
    body: new URLSearchParams({ csrf, login, password: 'demo' }).toString(),
  });
  assert.equal(res.status, 303);
  const sid = res.headers.get('set-cookie').match(/shinchoku_sid=([^;]+)/)[1];
  const home = await (await fetch(base + '/', { headers: { Cookie: `shinchoku_sid=${sid}` } })).text();
  return { cookie: `shinchoku_sid=${sid}`, csrf: home.match(/name="csrf" value="([^"]+)"/)[1] };
}

test('the API answers as its OpenAPI document says', { timeout: 120_000 }, async () => {
  await withDemo(async (base) => {
    const res = await fetch(base + '/api/v1/openapi.json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /application\/json/);
    const doc = await res.json();
    assert.equal(doc.openapi, '3.1.0');

    // The document's schemas as one JSON Schema (its $refs moved to $defs).
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const defs = JSON.parse(
      JSON.stringify(doc.components.schemas).replaceAll('#/components/schemas/', '#/$defs/'),
    );
    ajv.addSchema({ $id: 'api', $defs: defs });
    const local = (ref) => 'api' + ref.replace('#/components/schemas/', '#/$defs/');
    const check = (name, data) => {
      const validate = ajv.getSchema(`api#/$defs/${name}`);
      assert.ok(validate, `schema ${name} exists`);
      assert.ok(validate(data), `${name}: ${ajv.errorsText(validate.errors)}`);
    };
    // Every response and request body refers to a schema that compiles.
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue;
        for (const r of Object.values(op.responses)) {
          const ref = r.content?.['application/json']?.schema?.$ref;
          if (ref) assert.ok(ajv.getSchema(local(ref)), `${method} ${path}: ${ref}`);
        }
      }
    }

    const get = async (path, who) => {
      const r = await fetch(base + path, { headers: who ? { Cookie: who.cookie } : {} });
      return { status: r.status, body: await r.json() };
    };
    const post = async (path, who, body) => {
      const r = await fetch(base + path, {
        method: 'POST',
        headers: {
          Cookie: who.cookie,
          'X-CSRF-Token': who.csrf,
          Origin: base,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() };
    };

    // Reads, anonymous.
    let r = await get('/api/v1/plans');
    assert.equal(r.status, 200);
    check('PlanList', r.body);
    r = await get('/api/v1/plans/1/sheet?years=2019,2020');
    assert.equal(r.status, 200);
    check('Sheet', r.body);
    r = await get('/api/v1/plans/1/structure');
    assert.equal(r.status, 200);
    check('Structure', r.body);

    // The secretariat's reads and writes.
    const admin = await signIn(base, 'admin');
    const sec = await signIn(base, 'jimukyoku');
    r = await get('/api/v1/plans/1/projects', sec);
    assert.equal(r.status, 200);
    check('Projects', r.body);
    r = await post('/api/v1/plans', admin, {
      title: 'API計画', from_fy: '令和6年度', to_fy: 2028, level1: '基本目標', level2: '施策',
    });
    assert.equal(r.status, 201);
    check('Id', r.body);
    const plan = r.body.id;
    r = await post(`/api/v1/plans/${plan}/directions`, admin, { label: '目標1', title: '健康' });
    assert.equal(r.status, 200);
    check('Id', r.body);
    const dir = r.body.id;
    r = await post(`/api/v1/plans/${plan}/initiatives`, admin, { direction_id: dir, number: 1, title: '睡眠' });
    assert.equal(r.status, 200);
    check('Id', r.body);
    r = await post(`/api/v1/plans/${plan}/directions`, admin, { label: '目標1' });
    assert.equal(r.status, 400);
    check('Error', r.body);
    assert.equal(r.body.error.code, 'label_taken');
    r = await post(`/api/v1/plans/${plan}/copy`, admin, { title: '次期', from_fy: 2029, to_fy: 2033 });
    assert.equal(r.status, 201);
    check('Id', r.body);
    r = await get(`/api/v1/plans/${plan}/structure`, admin);
    check('Structure', r.body);
    assert.equal(r.body.directions[0].initiatives[0].title, '睡眠');
  }, { browser: false });
});
