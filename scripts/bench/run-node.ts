// One measurement of `npm run bench` in a fresh Node process:
//   node --import tsx scripts/bench/run-node.ts WORKLOAD CANDIDATE
// Candidates: fit (tfjs-node, model.fit), progress (tfjs-node,
// fitWithProgress), fast (tfjs-node, fastFit), wasm and cpu (model.fit on
// the pure-JS backends). Warms up on 48 samples (a batch of 32 and one of
// 16), times one epoch, and prints one line "BENCH_RESULT {json}".
import { tf } from "../../src/backend";
import { setDisplaySink } from "../../src/display/bridge";
import { withSeed } from "../../src/random";
import { fastFit } from "../../src/train/fast-fit";
import { fitWithProgress } from "../../src/train/fit";
import { BATCH_SIZE, buildModel, loadData, timeMatmul, Workload, WORKLOADS } from "./workloads";

const CANDIDATES = ["fit", "progress", "fast", "wasm", "cpu"] as const;
type Candidate = (typeof CANDIDATES)[number];

type Trainer = (model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor) => Promise<number | undefined>;

const lastLoss = (values: unknown) => (Array.isArray(values) ? Number(values[values.length - 1]) : undefined);

/** One epoch with the candidate's training loop; returns the epoch loss. */
const TRAINERS: Record<Candidate, Trainer> = {
  fit: async (model, x, y) => lastLoss((await model.fit(x, y, { epochs: 1, batchSize: BATCH_SIZE, shuffle: true, verbose: 0 })).history.loss),
  progress: async (model, x, y) => lastLoss((await fitWithProgress(model, x, y, { epochs: 1, batchSize: BATCH_SIZE })).loss),
  fast: async (model, x, y) => lastLoss((await fastFit(model, x, y, { epochs: 1, batchSize: BATCH_SIZE, shuffle: true })).history.loss),
  wasm: async (model, x, y) => TRAINERS.fit(model, x, y),
  cpu: async (model, x, y) => TRAINERS.fit(model, x, y),
};

async function selectBackend(candidate: Candidate): Promise<void> {
  if (candidate === "wasm") {
    // Optional dev dependency: only this candidate needs it.
    try {
      require("@tensorflow/tfjs-backend-wasm");
    } catch {
      throw new Error("@tensorflow/tfjs-backend-wasm@4.22.0 is not installed (a devDependency: run npm install)");
    }
  }
  if (candidate === "wasm" || candidate === "cpu") {
    const ok = await tf.setBackend(candidate);
    if (!ok) throw new Error(`backend ${candidate} failed to initialise`);
    await tf.ready();
  }
}

async function measure(workload: Workload, candidate: Candidate): Promise<Record<string, unknown>> {
  if (workload === "matmul") return timeMatmul();

  const data = loadData(workload);
  const model = withSeed(0, () => buildModel(workload));
  const train = TRAINERS[candidate];
  await withSeed(0, () => train(model, data.x.slice(0, 48), data.y.slice(0, 48)));

  const started = performance.now();
  const loss = await withSeed(1, () => train(model, data.x, data.y));
  const seconds = (performance.now() - started) / 1000;
  return { seconds, loss, samples: data.x.shape[0], labelChecksum: data.labelChecksum };
}

async function main(): Promise<void> {
  const [workload, candidate] = process.argv.slice(2) as [Workload, Candidate];
  if (!WORKLOADS.includes(workload) || !CANDIDATES.includes(candidate)) {
    throw new Error(`usage: run-node.ts WORKLOAD CANDIDATE (workloads: ${WORKLOADS.join(", ")}; candidates: ${CANDIDATES.join(", ")})`);
  }
  setDisplaySink(() => undefined);

  let result: Record<string, unknown>;
  try {
    await selectBackend(candidate);
    result = await measure(workload, candidate);
  } catch (error) {
    result = { error: String((error as Error).message ?? error).split("\n")[0] };
  }
  result.backend = tf.getBackend();
  result.peakRssMb = process.resourceUsage().maxRSS / 1024;
  const binding = (tf.findBackend("tensorflow") as unknown as { binding?: { TF_Version?: string } } | undefined)?.binding;
  result.versions = { node: process.version, tfjs: tf.version.tfjs, tensorflowC: binding?.TF_Version };
  console.log("BENCH_RESULT " + JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
