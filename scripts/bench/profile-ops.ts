// Where the milliseconds of one training batch go, for docs/BENCHMARKS.md:
//   node --import tsx scripts/bench/profile-ops.ts WORKLOAD LOOP
// WORKLOAD is mlp, cnn, lstm or gru; LOOP is fit (model.fit) or fast
// (fastFit). Wraps tfjs-node's native binding to time every TensorFlow op,
// then prints per batch: wall time, time inside TensorFlow ops, the rest
// (JavaScript: tfjs engine, tape, layers), op counts and the costliest ops.
// `node --cpu-prof` is no help here: it aborted tfjs-node with glibc
// heap-corruption messages in every attempt on this machine.
import { tf } from "../../src/backend";
import { withSeed } from "../../src/random";
import { fastFit } from "../../src/train/fast-fit";
import { BATCH_SIZE, buildModel, loadData, Workload } from "./workloads";

interface Counter {
  count: number;
  nanoseconds: number;
}

const counters = new Map<string, Counter>();
const TIMED = ["executeOp", "createTensor", "deleteTensor", "tensorDataSync"];

function count(key: string, nanoseconds: number): void {
  const counter = counters.get(key) ?? { count: 0, nanoseconds: 0 };
  counter.count += 1;
  counter.nanoseconds += nanoseconds;
  counters.set(key, counter);
}

/** Replaces the backend's binding with a copy whose native calls are timed. */
function instrumentBinding(): void {
  const backend = tf.backend() as unknown as { binding: Record<string, (...args: unknown[]) => unknown> };
  const original = backend.binding;
  const timed = Object.create(original);
  for (const name of TIMED) {
    const call = original[name].bind(original);
    // The binding's properties are read-only, so define them on the copy.
    Object.defineProperty(timed, name, {
      value: (...args: unknown[]) => {
        const started = process.hrtime.bigint();
        const result = call(...args);
        const elapsed = Number(process.hrtime.bigint() - started);
        count(name, elapsed);
        if (name === "executeOp") count(`op:${args[0]}`, elapsed);
        return result;
      },
    });
  }
  backend.binding = timed;
}

function report(wallMs: number, batches: number): string {
  const perBatch = (nanoseconds: number) => (nanoseconds / 1e6 / batches).toFixed(2);
  const native = TIMED.reduce((sum, name) => sum + (counters.get(name)?.nanoseconds ?? 0), 0);
  const lines = [
    `wall ${(wallMs / batches).toFixed(2)} ms/batch · inside TensorFlow ${perBatch(native)} ms · JavaScript ${((wallMs - native / 1e6) / batches).toFixed(2)} ms`,
  ];
  for (const name of TIMED) {
    const counter = counters.get(name);
    if (counter) lines.push(`  ${name}: ${(counter.count / batches).toFixed(1)} per batch, ${perBatch(counter.nanoseconds)} ms`);
  }
  const ops = [...counters].filter(([key]) => key.startsWith("op:")).sort((a, b) => b[1].nanoseconds - a[1].nanoseconds);
  lines.push("  costliest ops: " + ops.slice(0, 12).map(([key, counter]) => `${key.slice(3)} ${(counter.count / batches).toFixed(0)}× ${perBatch(counter.nanoseconds)} ms`).join(", "));
  return lines.join("\n");
}

async function main(): Promise<void> {
  const [workload, loop] = process.argv.slice(2) as [Workload, "fit" | "fast"];
  const data = loadData(workload);
  const model = withSeed(0, () => buildModel(workload));
  const train = (x: tf.Tensor, y: tf.Tensor) =>
    loop === "fast" ? fastFit(model, x, y, { epochs: 1, batchSize: BATCH_SIZE }) : model.fit(x, y, { epochs: 1, batchSize: BATCH_SIZE, verbose: 0 });

  await train(data.x.slice(0, 48), data.y.slice(0, 48));
  instrumentBinding();
  const started = performance.now();
  await train(data.x, data.y);
  const wallMs = performance.now() - started;

  console.log(`${workload} · ${loop === "fast" ? "fastFit" : "model.fit"} · one epoch ${(wallMs / 1000).toFixed(2)} s`);
  console.log(report(wallMs, Math.ceil(data.x.shape[0] / BATCH_SIZE)));
}

main();
