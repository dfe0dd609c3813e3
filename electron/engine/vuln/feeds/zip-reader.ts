import zlib from 'node:zlib';
import { feedProblem } from './feed-problem';

/** One file inside a zip archive. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

const endOfDirectory = 0x06054b50;
const zip64Locator = 0x07064b50;
const zip64EndOfDirectory = 0x06064b50;
const directoryEntry = 0x02014b50;
const localHeader = 0x04034b50;
const maxComment = 0xffff;

/**
 * The files of a zip archive, one by one, as osv.dev publishes them (`<Ecosystem>/all.zip`: stored or deflated entries,
 * ZIP64 when large). Read from the central directory, each entry's CRC checked, so a truncated or damaged
 * archive is refused, never half-read. Directories are skipped.
 */
export function* readZipEntries(file: string, bytes: Buffer): Generator<ZipEntry> {
  const directory = findDirectory(file, bytes);
  let offset = directory.offset;
  for (let index = 0; index < directory.count; index++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== directoryEntry) {
      throw feedProblem(file, `the zip directory is damaged at entry ${index + 1} of ${directory.count}`);
    }
    const method = bytes.readUInt16LE(offset + 10);
    const crc = bytes.readUInt32LE(offset + 16);
    let compressedSize = bytes.readUInt32LE(offset + 20);
    let size = bytes.readUInt32LE(offset + 24);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    let headerOffset = bytes.readUInt32LE(offset + 42);
    const name = bytes.toString('utf8', offset + 46, offset + 46 + nameLength);
    // ZIP64: sizes and offset that do not fit 32 bits are in the 0x0001 extra field, in this order.
    const extra = bytes.subarray(offset + 46 + nameLength, offset + 46 + nameLength + extraLength);
    const zip64 = findExtra(extra, 0x0001);
    if (zip64) {
      let at = 0;
      const next = () => {
        const value = Number(zip64.readBigUInt64LE(at));
        at += 8;
        return value;
      };
      if (size === 0xffffffff) size = next();
      if (compressedSize === 0xffffffff) compressedSize = next();
      if (headerOffset === 0xffffffff) headerOffset = next();
    }
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (headerOffset + 30 > bytes.length || bytes.readUInt32LE(headerOffset) !== localHeader) {
      throw feedProblem(file, `the zip entry ${name} points outside the archive (truncated?)`);
    }
    const dataStart =
      headerOffset + 30 + bytes.readUInt16LE(headerOffset + 26) + bytes.readUInt16LE(headerOffset + 28);
    const stored = bytes.subarray(dataStart, dataStart + compressedSize);
    if (stored.length !== compressedSize) throw feedProblem(file, `the zip entry ${name} is truncated`);
    const data = inflate(file, name, method, stored);
    if (data.length !== size || zlib.crc32(data) !== crc) {
      throw feedProblem(file, `the zip entry ${name} is damaged (size or checksum does not match)`);
    }
    // One entry at a time: the inflated data of a large export never sits in memory all at once.
    yield { name, data };
  }
}

function inflate(file: string, name: string, method: number, stored: Buffer): Buffer {
  if (method === 0) return stored;
  if (method !== 8)
    throw feedProblem(file, `the zip entry ${name} uses compression method ${method}, not deflate`);
  try {
    return zlib.inflateRawSync(stored);
  } catch (error) {
    throw feedProblem(file, `the zip entry ${name} does not inflate (${(error as Error).message})`);
  }
}

function findDirectory(file: string, bytes: Buffer): { offset: number; count: number } {
  const lowest = Math.max(0, bytes.length - 22 - maxComment);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (bytes.readUInt32LE(at) !== endOfDirectory) continue;
    let count = bytes.readUInt16LE(at + 10);
    let offset = bytes.readUInt32LE(at + 16);
    const locator = at - 20;
    if (locator >= 0 && bytes.readUInt32LE(locator) === zip64Locator) {
      const record = Number(bytes.readBigUInt64LE(locator + 8));
      if (record + 56 > bytes.length || bytes.readUInt32LE(record) !== zip64EndOfDirectory) {
        throw feedProblem(file, 'the ZIP64 end-of-directory record is missing (truncated?)');
      }
      count = Number(bytes.readBigUInt64LE(record + 32));
      offset = Number(bytes.readBigUInt64LE(record + 48));
    }
    if (offset > bytes.length)
      throw feedProblem(file, 'the zip directory lies past the end of the file (truncated?)');
    return { offset, count };
  }
  throw feedProblem(
    file,
    'it is not a complete zip archive (no end-of-directory record: the download was cut short, or it is not a zip)',
  );
}

function findExtra(extra: Buffer, id: number): Buffer | null {
  for (let at = 0; at + 4 <= extra.length;) {
    const size = extra.readUInt16LE(at + 2);
    if (extra.readUInt16LE(at) === id) return extra.subarray(at + 4, at + 4 + size);
    at += 4 + size;
  }
  return null;
}
