// The contract's scratchpad line count: `\n` bytes, plus one for a non-empty last line without one,
// streamed through a fixed buffer so a huge scratchpad is never held in memory. Only a regular file
// is read: a FIFO blocks `open()` (and, in the async form, one of libuv's four threads with it), a
// read of /dev/zero never ends, and opening some devices does something by itself. A stat keeps
// anything else from being opened at all; the path may change after it, so the open cannot block
// (O_NONBLOCK) and the descriptor's own fstat decides. libuv opens with O_CLOEXEC already.
import fs from 'node:fs';
import path from 'node:path';
import type { ContextInfo } from '@omni-sniffer/types';

const CHUNK = 64 * 1024;
const READ_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY;

export interface ScratchpadCount {
  lines: number;
  status: ContextInfo['status'];
}

const UNREADABLE: ScratchpadCount = { lines: 0, status: 'unreadable' };

class LineCounter {
  private newlines = 0;
  private lastByte = -1;

  add(buf: Buffer, length: number): void {
    for (let at = buf.indexOf(10); at !== -1 && at < length; at = buf.indexOf(10, at + 1)) this.newlines++;
    if (length > 0) this.lastByte = buf[length - 1]!;
  }

  get lines(): number {
    return this.newlines + (this.lastByte !== -1 && this.lastByte !== 10 ? 1 : 0);
  }
}

function failure(e: unknown): ScratchpadCount {
  const code = (e as NodeJS.ErrnoException).code;
  return { lines: 0, status: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable' };
}

/** `real` lies in `root` (both symlink-resolved). */
function inside(real: string, root: string): boolean {
  const rel = path.relative(root, real);
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/**
 * Lines in the regular file at `file`. With `within` (the default path, which comes with the
 * repository), only where it resolves, symlinks followed, inside that worktree root: where it leads
 * out, the repository's author chose the file, and its line count would tell them about it.
 */
export function countLinesSync(file: string, within?: string): ScratchpadCount {
  let fd: number | undefined;
  try {
    const real = within === undefined ? file : fs.realpathSync(file);
    if (within !== undefined && !inside(real, within)) return UNREADABLE;
    if (!fs.statSync(real).isFile()) return UNREADABLE;
    fd = fs.openSync(real, READ_FLAGS);
    if (!fs.fstatSync(fd).isFile()) return UNREADABLE;
    const counter = new LineCounter();
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let n = fs.readSync(fd, buf, 0, CHUNK, null); n > 0; n = fs.readSync(fd, buf, 0, CHUNK, null)) counter.add(buf, n);
    return { lines: counter.lines, status: 'ok' };
  } catch (e) {
    return failure(e);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export async function countLines(file: string, within?: string): Promise<ScratchpadCount> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    const real = within === undefined ? file : await fs.promises.realpath(file);
    if (within !== undefined && !inside(real, within)) return UNREADABLE;
    if (!(await fs.promises.stat(real)).isFile()) return UNREADABLE;
    handle = await fs.promises.open(real, READ_FLAGS);
    if (!(await handle.stat()).isFile()) return UNREADABLE;
    const counter = new LineCounter();
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      counter.add(buf, bytesRead);
    }
    return { lines: counter.lines, status: 'ok' };
  } catch (e) {
    return failure(e);
  } finally {
    await handle?.close();
  }
}
