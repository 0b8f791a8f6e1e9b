/**
 * Reader for the IDX format of MNIST and Fashion-MNIST: a 4-byte magic
 * number (two zero bytes, a type code, the number of dimensions), one
 * big-endian uint32 per dimension, then the values. Only unsigned bytes
 * (type 0x08) occur in these data sets.
 */
import * as fs from "fs";
import * as zlib from "zlib";

/** A decoded IDX file: its dimensions and its bytes in row-major order. */
export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

/** Error raised for a missing, truncated or malformed data file. */
export class DataFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataFileError";
  }
}

/**
 * Parses IDX bytes. `expectedShape` entries that are not null must match;
 * `source` names the file in error messages.
 */
export function parseIdx(bytes: Uint8Array, expectedShape: (number | null)[], source: string): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataFileError(`${source} 不是 IDX 文件：开头 4 字节应为 00 00 08 NN（magic number）`);
  }
  if (bytes[2] !== 0x08) {
    throw new DataFileError(`${source}：IDX 数据类型为 0x${bytes[2].toString(16)}，只支持无符号字节 0x08`);
  }
  const rank = bytes[3];
  if (rank !== expectedShape.length) {
    throw new DataFileError(`${source}：IDX 维数为 ${rank}，应为 ${expectedShape.length}`);
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = 4 + 4 * rank;
  if (bytes.length < headerSize) {
    throw new DataFileError(`${source}：文件只有 ${bytes.length} 字节，连 IDX 头部都不完整（已截断？）`);
  }
  const shape = expectedShape.map((_, axis) => view.getUint32(4 + 4 * axis, false));
  shape.forEach((size, axis) => {
    const expected = expectedShape[axis];
    if (expected !== null && size !== expected) {
      throw new DataFileError(`${source}：第 ${axis} 维大小为 ${size}，应为 ${expected}`);
    }
  });

  const count = shape.reduce((product, size) => product * size, 1);
  if (bytes.length !== headerSize + count) {
    throw new DataFileError(`${source}：文件大小 ${bytes.length} 字节，按形状 [${shape.join(", ")}] 应为 ${headerSize + count} 字节（文件已截断或损坏）`);
  }
  return { shape, data: bytes.subarray(headerSize) };
}

/** Reads and parses an IDX file, gunzipping it when the name ends in .gz. */
export function readIdxFile(file: string, expectedShape: (number | null)[]): IdxArray {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new DataFileError(`找不到数据文件 ${file}（${(error as NodeJS.ErrnoException).code ?? error}）`);
  }
  if (file.endsWith(".gz")) {
    try {
      bytes = zlib.gunzipSync(bytes);
    } catch (error) {
      throw new DataFileError(`${file} 不是有效的 gzip 文件：${(error as Error).message}`);
    }
  }
  return parseIdx(bytes, expectedShape, file);
}
