// N editors saving answers at once for a number of seconds, each its own
// answer, each save based on the version its last save made (so every save
// must succeed: a 409 or 5xx is counted as a failure). Prints one JSON line:
// {"saves": N, "failures": N, "seconds": S, "versions": {"ID": V, ...}}, the
// versions being what every answer must have in the database afterwards.
// Usage: node bench/saves.mjs BASE COOKIE CSRF SECONDS ID[,ID...]
const [base, cookie, csrf, seconds, ids] = process.argv.slice(2);
const answers = ids.split(',').map(Number);
const until = Date.now() + Number(seconds) * 1000;
const text = '計画に基づき、相談窓口の周知を継続して実施した。'.repeat(4);

async function editor(id) {
  let version = 0;
  let saves = 0;
  let failures = 0;
  while (Date.now() < until) {
    const body = new URLSearchParams({
      csrf, version: String(version), action: 'save',
      f1: `${text}${version}`, f2: 'おおむね順調', f3: '周知の方法',
    });
    const res = await fetch(`${base}/answers/${id}`, {
      method: 'POST', redirect: 'manual', body,
      headers: { Cookie: cookie, Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    await res.arrayBuffer();
    if (res.status === 303) {
      saves++;
      version++;
    } else {
      failures++;
      break; /* the version is unknown from here */
    }
  }
  return { id, saves, failures, version };
}

const started = Date.now();
const results = await Promise.all(answers.map(editor));
const versions = {};
for (const r of results) versions[r.id] = r.version;
console.log(JSON.stringify({
  saves: results.reduce((s, r) => s + r.saves, 0),
  failures: results.reduce((s, r) => s + r.failures, 0),
  seconds: (Date.now() - started) / 1000,
  versions,
}));
