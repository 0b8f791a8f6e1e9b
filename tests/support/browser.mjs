// Headless Debian Chromium for browser tests, driven by playwright-core, with
// every request outside the allowed origins aborted and recorded, so a test
// can assert that a page loads nothing from another host.
import fs from "node:fs";
import { chromium } from "playwright-core";

/** Debian's Chromium (`apt-get install chromium`), because playwright-core brings no browser of its own. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Flags for a headless run that makes no network requests of its own (updates, sync, QUIC probes). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const INSTALL_HINT = `Chromium is not installed at ${CHROMIUM_PATH}: install it with \`apt-get install chromium\`.`;

/**
 * Returns the reason to skip a browser test, or false to run it. A missing
 * Chromium skips the test on a developer's machine. Under CI ($CI set) the
 * test runs anyway, so `launchChromium` fails it.
 */
export function chromiumSkipReason() {
  if (fs.existsSync(CHROMIUM_PATH) || process.env.CI) return false;
  return INSTALL_HINT;
}

/** Launches headless Chromium, or throws with the install command when it is missing. */
export async function launchChromium() {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(INSTALL_HINT);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Returns whether `url` may be loaded. It may when its origin is one of
 * `allowedOrigins`, such as "http://127.0.0.1:8888", or when its scheme is
 * one of `allowedProtocols`. A ws: or wss: URL counts as its http: or https: form.
 */
export function isAllowedUrl(url, allowedOrigins, allowedProtocols) {
  const parsed = new URL(url);
  if (allowedProtocols.includes(parsed.protocol)) return true;
  const protocol = { "ws:": "http:", "wss:": "https:" }[parsed.protocol] ?? parsed.protocol;
  return allowedOrigins.includes(`${protocol}//${parsed.host}`);
}

/**
 * Creates a new browser context whose HTTP requests and WebSockets may go to
 * `allowedOrigins` only. Any other request is aborted, and its URL is
 * appended to the returned `blockedUrls`. Service workers are blocked,
 * because their requests would bypass the routing.
 * @param {import("playwright-core").Browser} browser
 * @param {{allowedOrigins: string[], allowedProtocols?: string[], contextOptions?: object}} options
 */
export async function newGuardedContext(browser, options) {
  const allowedProtocols = options.allowedProtocols ?? ["data:", "blob:", "about:"];
  const isAllowed = (url) => isAllowedUrl(url, options.allowedOrigins, allowedProtocols);
  const blockedUrls = [];
  const context = await browser.newContext({ serviceWorkers: "block", ...options.contextOptions });

  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isAllowed(url)) return route.continue();
    blockedUrls.push(url);
    return route.abort("blockedbyclient");
  });
  await context.routeWebSocket(/.*/, (socket) => {
    if (isAllowed(socket.url())) {
      socket.connectToServer();
    } else {
      blockedUrls.push(socket.url());
      socket.close();
    }
  });
  return { context, blockedUrls };
}
