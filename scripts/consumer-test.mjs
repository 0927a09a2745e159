#!/usr/bin/env node
// The package as a user gets it: every package packed, the tarballs installed with npm into a fresh
// project whose PATH has no cargo or rustc, then used the ways users use it: `import`, `require()`,
// `tsc --noEmit` under nodenext (ESM and CommonJS), bundler and node10, the CLI. `auto` must pick
// napi there; with the platform package removed, it must warn once and answer through ts.
//
//   node scripts/consumer-test.mjs      (after `pnpm test`: the packages built, the fixtures made)
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixtures } from '../fixtures/build.mjs';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const PACKAGES = ['.', 'types', 'ts-reference', 'bindings-napi', 'bindings-napi/npm/linux-x64-gnu', 'bindings-neon'];
/** neon is opt-in: packed to show it packs, not installed, as a user who did not ask for it has it. */
const INSTALLED = ['omni-sniffer', '@omni-sniffer/types', '@omni-sniffer/ts-reference', '@omni-sniffer/napi', '@omni-sniffer/napi-linux-x64-gnu'];
const PLATFORM_PACKAGE = '@omni-sniffer/napi-linux-x64-gnu';

const TYPED_USE = `import { snapshot, snapshotSync, OmniSniffer, toPromptString, backendInfo, SnifferError } from 'omni-sniffer';
import type { BackendName, EnvironmentSnapshot, ErrorCode } from 'omni-sniffer';

export async function use(): Promise<string> {
  const snap: EnvironmentSnapshot = await snapshot('.');
  const sniffer = new OmniSniffer('.', { untrackedFiles: 'all', backend: 'auto' });
  const backend: BackendName = sniffer.backend;
  try {
    snapshotSync('/');
  } catch (e) {
    if (e instanceof SnifferError) {
      const code: ErrorCode = e.code;
      return code;
    }
  }
  sniffer.close();
  return [toPromptString(snap), backend, backendInfo().active, snap.head.oid ?? 'unborn'].join(' ');
}
`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'omni-sniffer-consumer-'));
const step = (what) => process.stdout.write(`consumer: ${what}\n`);

try {
  const { manifest } = buildFixtures({ only: ['worktree-changes', 'small-real'], log: () => {} });
  const fixture = (name) => manifest.cases.find((c) => c.name === name).open;

  step('packing every package');
  const packs = path.join(work, 'packs');
  fs.mkdirSync(packs);
  const tarballs = new Map();
  for (const dir of PACKAGES) {
    const out = execFileSync('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', packs], { cwd: path.join(repo, dir), encoding: 'utf8' });
    const tarball = out.trim().split('\n').at(-1);
    const { name } = JSON.parse(fs.readFileSync(path.join(repo, dir, 'package.json'), 'utf8'));
    tarballs.set(name, tarball);
  }
  for (const [name, tarball] of tarballs) {
    const manifestText = execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
    assert.doesNotMatch(manifestText, /workspace:|catalog:/, `${name}'s packed package.json still says workspace: or catalog:`);
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    assert.ok(files.includes('package/LICENSE'), `${name} ships no LICENSE`);
    if (name === '@omni-sniffer/napi') assert.ok(!files.some((f) => f.endsWith('.node')), '@omni-sniffer/napi ships a binary: only the platform packages may');
  }

  step("every link in the shipped README resolves inside the package or is an absolute URL");
  const shipped = execFileSync('tar', ['-tzf', tarballs.get('omni-sniffer')], { encoding: 'utf8' }).split('\n');
  const readme = execFileSync('tar', ['-xzOf', tarballs.get('omni-sniffer'), 'package/README.md'], { encoding: 'utf8' });
  for (const problem of brokenLinks(readme, new Set(shipped.map((f) => f.replace(/^package\//, ''))))) assert.fail(problem);

  step('installing the tarballs into a fresh project, without cargo or rustc on PATH');
  const project = path.join(work, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  const env = { ...withoutRust(process.env), HOME: manifest.home };
  delete env.OMNI_SNIFFER_BACKEND;
  delete env.NAPI_RS_NATIVE_LIBRARY_PATH;
  for (const tool of ['cargo', 'rustc']) assert.equal(which(tool, env.PATH), null, `${tool} is still on the test's PATH`);
  const run = (command, args, options = {}) => {
    const r = spawnSync(command, args, { cwd: project, env, encoding: 'utf8', ...options });
    assert.equal(r.status, 0, `${command} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const started = Date.now();
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...INSTALLED.map((n) => tarballs.get(n))]);
  step(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.ok(!fs.existsSync(path.join(project, 'node_modules/@omni-sniffer/neon')), 'neon was installed without being asked for');

  step('import, require() and package.json');
  const open = fixture('worktree-changes');
  const esm = run(process.execPath, ['--input-type=module', '-e', `
    import { snapshot, backendInfo, toPromptString } from 'omni-sniffer';
    const snap = await snapshot(${JSON.stringify(open)});
    console.log(JSON.stringify({ active: backendInfo().active, branch: snap.gitBranch, dirty: snap.dirtyFiles.length, prompt: toPromptString(snap) }));`]);
  const imported = JSON.parse(esm.stdout);
  assert.equal(imported.active, 'napi', 'auto did not pick napi in a plain install');
  assert.equal(esm.stderr, '', 'a plain install warned');
  const cjs = run(process.execPath, ['-e', `
    const { snapshotSync, backendInfo, SnifferError } = require('omni-sniffer');
    const { version } = require('omni-sniffer/package.json');
    let code = null;
    try { snapshotSync(${JSON.stringify(os.tmpdir())}); } catch (e) { code = e instanceof SnifferError ? e.code : 'not a SnifferError'; }
    console.log(JSON.stringify({ active: backendInfo().active, branch: snapshotSync(${JSON.stringify(open)}).gitBranch, version, code }));`]);
  assert.deepEqual(JSON.parse(cjs.stdout), { active: 'napi', branch: imported.branch, version: '0.1.0', code: 'NOT_A_REPOSITORY' });

  step('tsc --noEmit under nodenext (ESM and CommonJS), bundler and node10');
  fs.writeFileSync(path.join(project, 'use.ts'), TYPED_USE);
  fs.copyFileSync(path.join(project, 'use.ts'), path.join(project, 'use.mts'));
  fs.copyFileSync(path.join(project, 'use.ts'), path.join(project, 'use.cts'));
  const tsc = path.join(repo, 'node_modules/typescript/bin/tsc');
  const common = ['--noEmit', '--strict', '--target', 'es2022'];
  for (const [file, module, resolution] of [
    ['use.mts', 'nodenext', 'nodenext'],
    ['use.cts', 'nodenext', 'nodenext'],
    ['use.ts', 'esnext', 'bundler'],
    ['use.ts', 'commonjs', 'node10'],
  ]) {
    run(process.execPath, [tsc, ...common, '--module', module, '--moduleResolution', resolution, file]);
  }

  step('the CLI');
  const cli = (...args) => run('npx', ['--no-install', 'omni-sniff', ...args]);
  assert.match(cli('--help').stdout, /^Usage: omni-sniff/);
  assert.equal(cli('--version').stdout, '0.1.0\n');
  assert.equal(JSON.parse(cli(open, '--json').stdout).dirtyFiles.length, imported.dirty);
  assert.equal(cli(open).stdout, `${imported.prompt}\n`);
  assert.equal(JSON.parse(cli('--backends').stdout).active, 'napi');
  const bench = run('npx', ['--no-install', 'omni-sniff', 'bench', fixture('small-real'), '--json', '--time', '100']);
  const report = JSON.parse(bench.stdout);
  const timed = report.rows.filter((r) => r.status === 'timed').map((r) => r.name);
  for (const row of ['napi cold sync', 'napi warm async', 'napi warm sync, one change', 'ts cold sync', 'git status (spawned)']) {
    assert.ok(timed.includes(row), `omni-sniff bench did not time ${row}: ${JSON.stringify(report.rows)}`);
  }
  assert.match(bench.stderr, /\[1\/\d+\] napi cold sync/);

  step(`with ${PLATFORM_PACKAGE} removed: one warning, and every answer through ts`);
  fs.rmSync(path.join(project, 'node_modules', PLATFORM_PACKAGE), { recursive: true });
  const fallback = run(process.execPath, ['--input-type=module', '-e', `
    import { snapshot, snapshotSync, backendInfo } from 'omni-sniffer';
    const a = await snapshot(${JSON.stringify(open)});
    const b = snapshotSync(${JSON.stringify(open)});
    console.log(JSON.stringify({ active: backendInfo().active, same: JSON.stringify(a.dirtyFiles) === JSON.stringify(b.dirtyFiles), dirty: a.dirtyFiles.length }));`]);
  assert.deepEqual(JSON.parse(fallback.stdout), { active: 'ts', same: true, dirty: imported.dirty });
  const warnings = fallback.stderr.split('\n').filter((l) => l.includes('OmniSnifferWarning'));
  assert.equal(warnings.length, 1, `expected one warning, got:\n${fallback.stderr}`);
  assert.match(warnings[0], new RegExp(`npm install ${PLATFORM_PACKAGE}@0\\.1\\.0`));
  const named = spawnSync(process.execPath, ['-e', `require('omni-sniffer').snapshotSync('.', { backend: 'napi' })`], { cwd: project, env, encoding: 'utf8' });
  assert.notEqual(named.status, 0);
  assert.match(named.stderr, new RegExp(`BACKEND_UNAVAILABLE[\\s\\S]*${PLATFORM_PACKAGE}`));
  step('passed');
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

/**
 * The links of a markdown text that lead nowhere: a relative path that is not among `files`, or an
 * anchor (`#...`) that is no heading's GitHub slug. Fenced code is not read.
 */
function brokenLinks(markdown, files) {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  const slug = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
  const anchors = new Set([...prose.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1])));
  const problems = [];
  for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z][a-z+.-]*:/i.test(target)) continue;
    const [file, anchor] = target.split('#');
    if (file && !files.has(file.replace(/^\.\//, ''))) problems.push(`README links to ${target}, which the package does not ship`);
    if (!file && anchor && !anchors.has(anchor)) problems.push(`README links to #${anchor}, which is no heading of it`);
  }
  return problems;
}

/** `env` with every PATH entry that holds cargo or rustc left out. */
function withoutRust(env) {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter((d) => d && !['cargo', 'rustc'].some((t) => fs.existsSync(path.join(d, t))));
  return { ...env, PATH: dirs.join(path.delimiter) };
}

function which(tool, PATH) {
  return PATH.split(path.delimiter).find((d) => fs.existsSync(path.join(d, tool))) ?? null;
}
