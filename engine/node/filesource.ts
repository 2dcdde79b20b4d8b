// Files as ByteSources (engine/api/jsonsource.ts) for the command line: read in pieces with
// fs.readSync, so a dump of hundreds of MB is never one string (V8 strings stop at ~512 MB).

import fs from 'node:fs';
import type { ByteSource } from '../api/jsonsource';

const BLOCK = 4 << 20;

export interface FileByteSource extends ByteSource {
  close(): void;
}

/** Opens `path` for reading in pieces. Throws like fs.openSync (ENOENT ...), EISDIR for a directory. */
export function fileByteSource(path: string): FileByteSource {
  const fd = fs.openSync(path, 'r');
  const st = fs.fstatSync(fd);
  if (st.isDirectory()) {
    fs.closeSync(fd);
    throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR' });
  }
  const size = st.size;
  // reads go through blocks of BLOCK bytes (few system calls for the loader's small pieces); a
  // block is never reused, so the views handed out stay valid
  let block: Buffer | null = null;
  let blockStart = 0;
  const readAt = (offset: number, len: number): Buffer => {
    const b = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const n = fs.readSync(fd, b, got, len - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return got < len ? b.subarray(0, got) : b;
  };
  return {
    size,
    read(offset: number, length: number): Uint8Array {
      const len = Math.max(0, Math.min(length, size - offset));
      if (block && offset >= blockStart && offset + len <= blockStart + block.length) return block.subarray(offset - blockStart, offset - blockStart + len);
      if (len >= BLOCK) return readAt(offset, len);
      block = readAt(offset, Math.min(BLOCK, size - offset));
      blockStart = offset;
      return block.subarray(0, len);
    },
    close(): void {
      fs.closeSync(fd);
    },
  };
}
