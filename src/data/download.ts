/**
 * Downloads one file over HTTP or HTTPS with Node's built-in modules and
 * checks its SHA-256 checksum before anyone can see it. The bytes go to a
 * temporary file in the destination folder, and only a file whose checksum
 * matches is renamed to its final name. A rename inside one folder is atomic,
 * so readers find either no file or the whole checked file, even when the
 * process dies halfway through a download.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as path from "path";
import { Transform, TransformCallback } from "stream";
import { pipeline } from "stream/promises";

/** Default time without any network activity after which a download fails, in milliseconds. */
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 30_000;

/** Maximum number of HTTP redirects followed for one download. */
const MAX_REDIRECTS = 5;

/** Error raised when a download fails: no connection, an HTTP error status, a timeout or a checksum mismatch. */
export class DownloadError extends Error {
  /** The address that was requested. */
  readonly url: string;

  constructor(message: string, url: string) {
    super(message);
    this.name = "DownloadError";
    this.url = url;
  }
}

/** Request of one download: source URL, destination path and accepted digests. */
export interface DownloadOptions {
  /** Address of the file, http: or https: only. */
  url: string;
  /** Final path of the file. Its folder is created when missing, and an existing file is replaced. */
  destination: string;
  /** Accepted SHA-256 digests, 64 hexadecimal digits each. The file is kept when it matches any of them. */
  sha256: string | readonly string[];
  /** Time without any network activity after which the download fails, in milliseconds (default 30000). */
  timeoutMs?: number;
}

/** The outcome of a successful download. */
export interface DownloadResult {
  /** Final path of the file. */
  path: string;
  /** SHA-256 of the file in lowercase hexadecimal. */
  sha256: string;
  /** File size in bytes. */
  bytes: number;
}

/**
 * Downloads `options.url` to `options.destination`, following up to five
 * redirects. The file appears under its final name only after its SHA-256
 * matched one of `options.sha256`. On any failure the temporary file is
 * deleted and a `DownloadError` (in Chinese, naming the URL) is raised.
 * Returns the path, digest and size of the saved file.
 */
export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const accepted = checkDigests(options.sha256);
  const timeoutMs = options.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs 必须是正数（毫秒），收到 ${timeoutMs}`);
  }
  const url = parseHttpUrl(options.url);

  const folder = path.dirname(path.resolve(options.destination));
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new DownloadError(`无法创建下载目录 ${folder}（${describeNetworkError(error)}），请检查路径和写权限`, url.href);
  }
  const temporary = temporaryPath(options.destination);

  try {
    const { sha256, bytes } = await fetchToFile(url, temporary, timeoutMs, MAX_REDIRECTS);
    if (!accepted.includes(sha256)) {
      throw new DownloadError(
        `校验和（checksum）不符：${url.href} 下载得到 ${bytes} 字节，SHA-256 为 ${sha256}，应为 ${accepted.join(" 或 ")}。` +
          "文件已删除。镜像上的文件可能已损坏或被替换，请稍后重试或换一个镜像。",
        url.href,
      );
    }

    await flushToDisk(temporary);
    fs.renameSync(temporary, options.destination);
    return { path: options.destination, sha256, bytes };
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** Normalises the accepted digests to lowercase, rejecting anything that is not 64 hex digits. */
function checkDigests(sha256: string | readonly string[]): string[] {
  const digests = (typeof sha256 === "string" ? [sha256] : [...sha256]).map((digest) => digest.trim().toLowerCase());
  if (digests.length === 0) {
    throw new RangeError("sha256 至少要给出一个校验和，收到空列表");
  }
  for (const digest of digests) {
    if (!/^[0-9a-f]{64}$/.test(digest)) {
      throw new RangeError(`sha256 必须是 64 位十六进制字符串，收到 "${digest}"`);
    }
  }
  return digests;
}

/** Parses `text` as an absolute http: or https: URL. */
function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DownloadError(`下载地址无效：${text}（应为 http:// 或 https:// 开头的完整网址）`, text);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new DownloadError(`下载地址 ${text} 的协议是 ${url.protocol}，只支持 http: 和 https:`, text);
  }
  return url;
}

/** Returns a unique name for the temporary file, in the destination's folder so the final rename stays atomic. */
function temporaryPath(destination: string): string {
  const suffix = `${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  return path.join(path.dirname(destination), `.${path.basename(destination)}.${suffix}.part`);
}

/**
 * Streams the body of `url` into `file` while hashing it. Returns the SHA-256
 * digest and the number of bytes written.
 */
async function fetchToFile(url: URL, file: string, timeoutMs: number, redirectsLeft: number): Promise<{ sha256: string; bytes: number }> {
  const response = await requestBody(url, timeoutMs, redirectsLeft);
  const hasher = new HashingStream();

  // "wx" fails if the name exists, so two downloads can never share a temporary file.
  try {
    await pipeline(response, hasher, fs.createWriteStream(file, { flags: "wx" }));
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError(`下载中断：${url.href}（${describeNetworkError(error)}）`, url.href);
  }

  const expectedLength = Number(response.headers["content-length"]);
  if (Number.isFinite(expectedLength) && hasher.bytes !== expectedLength) {
    throw new DownloadError(`下载不完整：${url.href} 声明 ${expectedLength} 字节，只收到 ${hasher.bytes} 字节`, url.href);
  }
  return { sha256: hasher.digest(), bytes: hasher.bytes };
}

/**
 * Sends a GET request and resolves with the response once its status is 200,
 * following redirects. A socket idle for `timeoutMs` fails the request, both
 * while connecting and while the body streams in.
 */
function requestBody(url: URL, timeoutMs: number, redirectsLeft: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    let response: http.IncomingMessage | undefined;

    const request = client.get(url, { timeout: timeoutMs }, (incoming) => {
      response = incoming;
      const status = incoming.statusCode ?? 0;
      const location = incoming.headers.location;

      if (status >= 300 && status < 400 && location) {
        incoming.resume();
        if (redirectsLeft === 0) {
          reject(new DownloadError(`重定向次数过多：${url.href} 连续重定向超过 ${MAX_REDIRECTS} 次`, url.href));
          return;
        }
        followRedirect(url, location, timeoutMs, redirectsLeft - 1).then(resolve, reject);
        return;
      }

      if (status !== 200) {
        incoming.resume();
        reject(new DownloadError(`下载失败：${url.href} 返回 HTTP ${status}${incoming.statusMessage ? ` ${incoming.statusMessage}` : ""}（应为 200）`, url.href));
        return;
      }
      resolve(incoming);
    });

    // The timeout error is passed to destroy() so the pending promise or the
    // running pipeline fails with this message instead of a bare "socket hang up".
    request.on("timeout", () => {
      const error = new DownloadError(`下载超时：${url.href} 超过 ${timeoutMs} 毫秒没有传来数据`, url.href);
      response?.destroy(error);
      request.destroy(error);
    });
    request.on("error", (error) => {
      reject(error instanceof DownloadError ? error : new DownloadError(`无法连接 ${url.href}（${describeNetworkError(error)}）`, url.href));
    });
  });
}

/** Resolves a redirect target against the current URL and requests it. */
function followRedirect(from: URL, location: string, timeoutMs: number, redirectsLeft: number): Promise<http.IncomingMessage> {
  let target: URL;
  try {
    target = parseHttpUrl(new URL(location, from).href);
  } catch (error) {
    return Promise.reject(error instanceof DownloadError ? error : new DownloadError(`${from.href} 重定向到无效地址 ${location}`, from.href));
  }
  return requestBody(target, timeoutMs, redirectsLeft);
}

/** Formats a Node system error as "CODE: message" when it has a code. */
function describeNetworkError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message ?? String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** Forces the file's bytes to disk, so a crash right after the rename cannot leave an empty file under the final name. */
async function flushToDisk(file: string): Promise<void> {
  const handle = await fs.promises.open(file, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A pass-through stream that counts and hashes every byte on its way to the file. */
class HashingStream extends Transform {
  bytes = 0;
  private readonly hash = crypto.createHash("sha256");

  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  /** Returns the SHA-256 of everything that passed through, in lowercase hexadecimal. */
  digest(): string {
    return this.hash.digest("hex");
  }
}
