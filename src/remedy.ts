// What to do about a native backend that does not load, for the messages that say so: the napi
// backend's binary comes in one package per platform (an optional dependency of @omni-sniffer/napi
// that npm installs only where it matches), neon's in an opt-in package of its own.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BACKENDS, type BackendName } from '@omni-sniffer/types';

/** The variable napi-rs's loader reads a `.node` file from, ahead of any package. */
export const NATIVE_PATH_VARIABLE = 'NAPI_RS_NATIVE_LIBRARY_PATH';

/** The platforms napi's binary is prebuilt for (bindings-napi/package.json `napi.targets`). */
const PREBUILT = ['linux-x64-gnu', 'linux-x64-musl', 'linux-arm64-gnu', 'linux-arm64-musl', 'darwin-x64', 'darwin-arm64', 'win32-x64-msvc'];

const load = createRequire(import.meta.url);

/** This machine as napi-rs names platforms: `linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`... */
export function napiPlatform(): string {
  const { platform, arch } = process;
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

function isMusl(): boolean {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return !header?.glibcVersionRuntime;
}

/** The folder of an installed package, found from this package as Node would; `null` when it is not installed. */
function installedDir(name: string, from: NodeJS.Require = load): string | null {
  try {
    return path.dirname(from.resolve(`${name}/package.json`));
  } catch {
    try {
      // A package whose `exports` hide package.json: its entry's folder, walked up to its package.json.
      let dir = path.dirname(from.resolve(name));
      while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
      return dir;
    } catch {
      return null;
    }
  }
}

function versionOf(dir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** One sentence: how to get `name` to load on this machine. */
export function remedy(name: BackendName): string {
  if (name === 'napi') return napiRemedy();
  if (name === 'neon') {
    const dir = installedDir(BACKENDS.neon);
    return dir
      ? `Reinstall ${BACKENDS.neon} (npm install ${BACKENDS.neon}@${versionOf(dir)}); it is built for Linux x64 with glibc 2.17 or later.`
      : `The neon backend is an opt-in package: npm install ${BACKENDS.neon} (Linux x64 with glibc 2.17 or later).`;
  }
  return 'Reinstall omni-sniffer.';
}

function napiRemedy(): string {
  const platform = napiPlatform();
  const orPoint = `or point ${NATIVE_PATH_VARIABLE} at a .node file built for this machine`;
  if (!PREBUILT.includes(platform)) {
    return `No prebuilt binary exists for ${platform}: build one from source (cargo build --release -p omni-sniffer-napi) and point ${NATIVE_PATH_VARIABLE} at it, or use the ts backend.`;
  }
  const napiDir = installedDir(BACKENDS.napi);
  if (!napiDir) return `Reinstall omni-sniffer: its dependency ${BACKENDS.napi} is missing.`;
  const binary = `${BACKENDS.napi}-${platform}`;
  const install = `npm install ${binary}@${versionOf(napiDir)}`;
  if (installedDir(binary, createRequire(path.join(napiDir, 'package.json')))) {
    return `${binary} is installed but its binary does not load here: reinstall it (${install}), ${orPoint}.`;
  }
  return (
    `Its binary for ${platform} comes in ${binary}, which is not installed (npm leaves optional ` +
    `dependencies out under --omit=optional or --no-optional): ${install}, ${orPoint}.`
  );
}
