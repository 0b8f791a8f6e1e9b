// Opens a notebook in real JupyterLab in headless Chromium, the way a reader
// does. The test starts the server with the product's start script and runs
// every cell from the Run menu. It checks that the plotly chart draws and
// that no cell writes to stderr. After a save, the chart must draw again
// from the file, also when the notebook is not trusted. The browser may load
// nothing except from the local server.
//
// Target: $DL30_BROWSER_NOTEBOOK (a path from the project root), else
// notebooks/01-what-is-deep-learning.ipynb, else the fixture
// tests/fixtures/browser-sample.ipynb. The test runs a copy of it in
// notebooks/ and deletes the copy at the end.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { projectRoot } from "../scripts/lib/paths.mjs";
import { chromiumSkipReason, launchChromium, newGuardedContext } from "./support/browser.mjs";
import { startLabServer, stopLabServer } from "./support/lab-server.mjs";

const FIXTURE = "tests/fixtures/browser-sample.ipynb";
const DEFAULT_NOTEBOOK = "notebooks/01-what-is-deep-learning.ipynb";
const PLOTLY_MIME = "application/vnd.plotly.v1+json";
const STDERR_SELECTOR = '[data-mime-type="application/vnd.jupyter.stderr"]';
const PLOT_SVG_SELECTOR = ".jp-OutputArea-child .js-plotly-plot .main-svg";

// Quick mode (DL30_QUICK=1) trains on small data. Notebook 01 took 7 to 14 s
// to run on a 2-core machine, so 5 minutes leaves room for slower notebooks.
const RUN_TIMEOUT_MS = 5 * 60 * 1000;
const UI_TIMEOUT_MS = 60 * 1000;

/** Returns the notebook to test, relative to the project root. */
function chooseNotebook() {
  if (process.env.DL30_BROWSER_NOTEBOOK) return path.normalize(process.env.DL30_BROWSER_NOTEBOOK);
  return fs.existsSync(path.join(projectRoot, DEFAULT_NOTEBOOK)) ? DEFAULT_NOTEBOOK : FIXTURE;
}

/** Returns this machine's own addresses, other than 127.0.0.1, on which the server must refuse connections. */
function listAddressesToRefuse() {
  const own = Object.values(os.networkInterfaces())
    .flat()
    .filter((entry) => !entry.internal && !entry.address.startsWith("fe80:"))
    .map((entry) => entry.address);
  // 127.0.0.2 and ::1 are loopback too, but a server bound to 127.0.0.1
  // alone refuses them, unlike one bound to 0.0.0.0 or ::.
  return [...own, "127.0.0.2", "::1"];
}

/** Tries a TCP connection and returns "connected" or the error code. */
function probeConnection(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 5_000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve("ETIMEDOUT");
    });
    socket.once("error", (error) => resolve(error.code));
  });
}

/**
 * Returns the URL that opens `notebookPath` alone in JupyterLab, in the
 * workspace `workspace`, reset so no tab of an earlier visit comes back. A
 * workspace of its own keeps the test's tabs out of the user's default one.
 */
function labUrl(server, workspace, notebookPath) {
  const encoded = notebookPath.split("/").map(encodeURIComponent).join("/");
  return `${server.baseUrl}/lab/workspaces/${workspace}/tree/${encoded}?reset&token=${server.token}`;
}

/** Deletes a JupyterLab workspace that the test created. */
async function deleteWorkspace(server, workspace) {
  await fetch(`${server.baseUrl}/lab/api/workspaces/${workspace}?token=${server.token}`, { method: "DELETE" });
}

/** Fetches a notebook model through the Jupyter contents API. */
async function fetchNotebookModel(server, notebookPath) {
  const response = await fetch(`${server.baseUrl}/api/contents/${notebookPath}?content=1&token=${server.token}`);
  assert.equal(response.status, 200, `GET /api/contents/${notebookPath}`);
  return response.json();
}

/** Returns the visible notebook panel of the page. */
function currentNotebook(page) {
  return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)");
}

/** Returns the display name of the kernelspec that the notebook file names. */
async function fetchKernelDisplayName(server, notebookFile) {
  const { metadata } = JSON.parse(fs.readFileSync(path.join(projectRoot, notebookFile), "utf8"));
  const response = await fetch(`${server.baseUrl}/api/kernelspecs?token=${server.token}`);
  const { kernelspecs } = await response.json();
  const spec = kernelspecs[metadata.kernelspec.name];
  assert.ok(spec, `the server has no kernelspec "${metadata.kernelspec.name}"`);
  return spec.spec.display_name;
}

/**
 * Waits until the notebook's kernel is connected and idle. The toolbar's
 * execution indicator reads "idle" while the page has no kernel yet, so the
 * toolbar must also name the expected kernel, in two reads 500 ms apart.
 */
async function waitForKernelIdle(panel, kernelDisplayName) {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  let state;
  let streak = 0;
  while (Date.now() < deadline) {
    state = await panel.evaluate((node) => ({
      kernel: node.querySelector(".jp-Toolbar-kernelName")?.getAttribute("aria-label"),
      status: node.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status"),
    }));
    streak = state.kernel === kernelDisplayName && state.status === "idle" ? streak + 1 : 0;
    if (streak === 2) return;
    await sleep(500);
  }
  assert.fail(`the kernel "${kernelDisplayName}" is not idle after ${UI_TIMEOUT_MS} ms: ${JSON.stringify(state)}`);
}

/** Opens a notebook by URL and waits until its kernel is connected and idle. */
async function openNotebook(page, url, kernelDisplayName) {
  await page.goto(url);
  const panel = currentNotebook(page);
  await panel.locator(".jp-Notebook .jp-Cell").first().waitFor({ timeout: UI_TIMEOUT_MS });
  await waitForKernelIdle(panel, kernelDisplayName);
  return panel;
}

/**
 * Runs every cell through Run → Run All Cells. This is the most robust of
 * the three ways. The menu item is picked by its command id
 * (`runmenu:run-all`), not by its label, and a click needs no keyboard
 * focus. JupyterLab 4 binds no default key to Run All, and the command
 * palette depends on typed search text and on which widget has focus.
 */
async function runAllCells(page, panel) {
  await page.locator(".lm-MenuBar-item", { hasText: /^Run$/ }).click();
  await page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click();
  // Fail within a minute, not after the whole run timeout, if the click
  // queued nothing.
  const started = panel.locator(".jp-CodeCell .jp-InputArea-prompt", { hasText: /^\[(\*|\d+)\]:$/ }).first();
  await started.waitFor({ state: "attached", timeout: UI_TIMEOUT_MS });
}

/** Reads the code cells' prompts, the kernel status and the count of error/stderr outputs. */
async function readRunState(panel) {
  return panel.evaluate((node, stderrSelector) => ({
    prompts: [...node.querySelectorAll(".jp-CodeCell .jp-InputArea-prompt")].map((prompt) => prompt.textContent.trim()),
    status: node.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status"),
    stderrCount: node.querySelectorAll(stderrSelector).length,
  }), STDERR_SELECTOR);
}

/**
 * Waits until no cell is queued or running and the kernel is idle, with
 * every code cell numbered or an error shown (Run All stops at an error, so
 * the later cells never get a number). Returns the last state read.
 */
async function waitForRunToFinish(panel, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let state;
  while (Date.now() < deadline) {
    state = await readRunState(panel);
    const settled = state.status === "idle" && !state.prompts.includes("[*]:");
    const allNumbered = state.prompts.length > 0 && state.prompts.every((prompt) => /^\[\d+\]:$/.test(prompt));
    if (settled && (allNumbered || state.stderrCount > 0)) return state;
    await sleep(1_000);
  }
  assert.fail(`cells still running after ${timeoutMs} ms: ${JSON.stringify(state)}`);
}

/** Asserts that no output area of the notebook shows stderr or an error, quoting any it finds. */
async function assertNoStderr(panel) {
  const texts = await panel.locator(STDERR_SELECTOR).allTextContents();
  assert.equal(texts.length, 0, `stderr or error outputs:\n${texts.join("\n---\n").slice(0, 4000)}`);
}

/** Waits for the first plotly chart's SVG and returns its locator. */
async function waitForPlotSvg(panel) {
  const svg = panel.locator(PLOT_SVG_SELECTOR).first();
  await svg.scrollIntoViewIfNeeded({ timeout: UI_TIMEOUT_MS });
  await svg.waitFor({ state: "visible", timeout: UI_TIMEOUT_MS });
  return svg;
}

/**
 * Makes the first plotly output interactive the way a reader does. After a
 * notebook is reopened, jupyterlab-plotly shows the PNG that it stored in
 * the output and draws the SVG chart when the pointer enters that image.
 */
async function hoverFirstPlot(page, panel) {
  const output = panel.locator(".jp-RenderedPlotly").first();
  await output.scrollIntoViewIfNeeded({ timeout: UI_TIMEOUT_MS });
  await output.waitFor({ state: "visible", timeout: UI_TIMEOUT_MS });
  const image = output.locator("img.plot-img");
  if (await image.isVisible()) {
    // A plain mouse move, not locator.hover(): the chart replaces the image
    // under the pointer, and hover() would retry on the hidden image.
    const box = await image.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  }
  return waitForPlotSvg(panel);
}

/** Scrolls to the last live progress line, if the notebook shows one, and saves a screenshot. */
async function screenshotLastProgress(page, panel, file) {
  const progress = panel.locator(".dl30-progress").last();
  if ((await progress.count()) === 0) return;
  await progress.scrollIntoViewIfNeeded({ timeout: UI_TIMEOUT_MS });
  await page.screenshot({ path: file });
}

/** Saves the notebook with Ctrl+S and waits until its tab is no longer marked dirty. */
async function saveNotebook(page, panel) {
  await panel.locator(".jp-Notebook").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+s");
  await page.locator(".lm-TabBar-tab.jp-mod-current:not(.jp-mod-dirty)").waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Closes the current notebook tab with its close icon; fails if JupyterLab opens a dialog instead. */
async function closeCurrentTab(page) {
  await page.locator(".lm-TabBar-tab.jp-mod-current .lm-TabBar-tabCloseIcon").click();
  const outcome = await Promise.race([
    page.locator(".jp-NotebookPanel").waitFor({ state: "detached", timeout: UI_TIMEOUT_MS }).then(() => "closed", () => "timeout"),
    page.locator(".jp-Dialog").waitFor({ timeout: UI_TIMEOUT_MS }).then(() => "dialog", () => "timeout"),
  ]);
  const dialogText = outcome === "dialog" ? await page.locator(".jp-Dialog").innerText() : "";
  assert.equal(outcome, "closed", `closing the saved notebook did not close it: ${dialogText}`);
}

/**
 * Opens a new page in `context`, runs `steps` on it and closes it. When a
 * step throws, saves a screenshot to `failureScreenshot` first.
 */
async function usePage(context, failureScreenshot, steps) {
  const page = await context.newPage();
  try {
    await steps(page);
  } catch (error) {
    screenshotsToKeep = true;
    await page.screenshot({ path: failureScreenshot }).catch(() => {});
    throw error;
  } finally {
    await page.close();
  }
}

// Set when a step fails, so the screenshot folder is kept for inspection;
// DL30_KEEP_SCREENSHOTS=1 keeps it after a clean run too.
let screenshotsToKeep = process.env.DL30_KEEP_SCREENSHOTS === "1";

/** Returns how many outputs of the saved model carry the plotly MIME type. */
function countPlotlyOutputs(model) {
  return model.content.cells
    .flatMap((cell) => cell.outputs ?? [])
    .filter((output) => output.data && PLOTLY_MIME in output.data).length;
}

describe("JupyterLab in Chromium", { timeout: 15 * 60 * 1000 }, () => {
  const notebook = chooseNotebook();
  const runId = crypto.randomBytes(4).toString("hex");
  const copyPath = `notebooks/browser-check-${runId}.ipynb`;
  const untrustedPath = `notebooks/browser-check-${runId}-untrusted.ipynb`;
  const workspace = `dl30-browser-check-${runId}`;
  const screenshotDir = fs.mkdtempSync(path.join(os.tmpdir(), "dl30-browser-lab-"));
  const browserSkip = chromiumSkipReason();
  let server;
  let browser;
  let context;
  let blockedUrls = [];
  let savedModel;
  let kernelDisplayName;

  before(async () => {
    fs.copyFileSync(path.join(projectRoot, notebook), path.join(projectRoot, copyPath));
    server = await startLabServer({ env: { DL30_QUICK: "1" } });
    kernelDisplayName = await fetchKernelDisplayName(server, notebook);
  });

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    if (server) {
      await deleteWorkspace(server, workspace).catch(() => {});
      await stopLabServer(server);
    }
    for (const file of [copyPath, untrustedPath]) fs.rmSync(path.join(projectRoot, file), { force: true });
    if (screenshotsToKeep) {
      console.log(`screenshots kept in ${screenshotDir}`);
    } else {
      fs.rmSync(screenshotDir, { recursive: true, force: true });
    }
  });

  test("server listens on 127.0.0.1 only", async () => {
    for (const address of listAddressesToRefuse()) {
      const result = await probeConnection(address, server.port);
      assert.notEqual(result, "connected", `port ${server.port} accepts connections on ${address}`);
    }
    assert.equal(await probeConnection("127.0.0.1", server.port), "connected");
  });

  test("API rejects requests without token", async () => {
    const response = await fetch(`${server.baseUrl}/api/contents`);
    assert.ok([401, 403].includes(response.status), `GET /api/contents without token: HTTP ${response.status}`);
  });

  test(`Run All draws plot without stderr (${notebook})`, { skip: browserSkip }, async (t) => {
    browser = await launchChromium();
    ({ context, blockedUrls } = await newGuardedContext(browser, {
      allowedOrigins: [server.baseUrl],
      contextOptions: { viewport: { width: 1280, height: 900 } },
    }));
    t.diagnostic(`screenshots go to ${screenshotDir}`);
    await usePage(context, path.join(screenshotDir, "failed-run.png"), async (page) => {
      const panel = await openNotebook(page, labUrl(server, workspace, copyPath), kernelDisplayName);
      const started = Date.now();
      await runAllCells(page, panel);
      const state = await waitForRunToFinish(panel, RUN_TIMEOUT_MS);
      t.diagnostic(`Run All Cells took ${((Date.now() - started) / 1000).toFixed(1)} s for ${state.prompts.length} code cells`);

      await assertNoStderr(panel);
      assert.ok(state.prompts.every((prompt) => /^\[\d+\]:$/.test(prompt)), `not every cell ran: ${state.prompts.join(" ")}`);
      const svg = await waitForPlotSvg(panel);
      assert.ok(await svg.isVisible(), "the plotly chart's SVG is not visible");
      if (notebook === FIXTURE) {
        // The live display replaced its content in place: one output, last state.
        assert.deepEqual(await panel.locator(".dl30-progress").allTextContents(), ["step 3/3"]);
      }
      await page.screenshot({ path: path.join(screenshotDir, "1-after-run.png") });
      await screenshotLastProgress(page, panel, path.join(screenshotDir, "1-progress.png"));

      await saveNotebook(page, panel);
      savedModel = await fetchNotebookModel(server, copyPath);
      assert.ok(countPlotlyOutputs(savedModel) > 0, "the saved notebook has no plotly output");
      await closeCurrentTab(page);
    });
  });

  test("saved plot draws after reopening", { skip: browserSkip }, async (t) => {
    if (!savedModel) return t.skip("the run did not save the notebook");
    await usePage(context, path.join(screenshotDir, "failed-reopen.png"), async (page) => {
      const panel = await openNotebook(page, labUrl(server, workspace, copyPath), kernelDisplayName);
      const svg = await hoverFirstPlot(page, panel);
      assert.ok(await svg.isVisible(), "the reopened plot does not draw");
      await assertNoStderr(panel);
      const { prompts } = await readRunState(panel);
      assert.ok(prompts.every((prompt) => /^\[\d+\]:$/.test(prompt)), `saved execution counts are lost: ${prompts.join(" ")}`);
      await page.screenshot({ path: path.join(screenshotDir, "2-reopened.png") });
    });
  });

  test("saved plot draws when untrusted", { skip: browserSkip }, async (t) => {
    if (!savedModel) return t.skip("the run did not save the notebook");
    // Any change to the content breaks the signature that the server stored
    // on save, so the copy arrives unsigned like a notebook from another machine.
    const saved = JSON.parse(fs.readFileSync(path.join(projectRoot, copyPath), "utf8"));
    saved.metadata.dl30_browser_check = "unsigned copy";
    fs.writeFileSync(path.join(projectRoot, untrustedPath), JSON.stringify(saved, null, 1) + "\n");
    const model = await fetchNotebookModel(server, untrustedPath);
    const codeCells = model.content.cells.filter((cell) => cell.cell_type === "code");
    assert.ok(codeCells.every((cell) => cell.metadata.trusted === false), "the server marks the copy as trusted");

    await usePage(context, path.join(screenshotDir, "failed-untrusted.png"), async (page) => {
      const panel = await openNotebook(page, labUrl(server, workspace, untrustedPath), kernelDisplayName);
      const svg = await hoverFirstPlot(page, panel);
      assert.ok(await svg.isVisible(), "the plot does not draw in an untrusted notebook");
      await page.screenshot({ path: path.join(screenshotDir, "3-untrusted.png") });
    });
  });

  test("browser requests only the local server", { skip: browserSkip }, () => {
    assert.ok(context, "the browser did not start");
    assert.deepEqual(blockedUrls, []);
  });
});
