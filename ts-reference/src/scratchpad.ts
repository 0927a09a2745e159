// The contract's scratchpad line count: `\n` bytes, plus one for a non-empty last line without one,
// streamed through a fixed buffer so a huge scratchpad is never held in memory.
import fs from 'node:fs';
import type { ContextInfo } from '@omni-sniffer/types';

const CHUNK = 64 * 1024;

export interface ScratchpadCount {
  lines: number;
  status: ContextInfo['status'];
}

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

export function countLinesSync(file: string): ScratchpadCount {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
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

export async function countLines(file: string): Promise<ScratchpadCount> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
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
