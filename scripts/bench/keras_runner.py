"""Keras 3 (TensorFlow backend) side of `npm run bench`: runs ONE workload
once and prints one JSON line with the timed seconds and the peak RSS.

The data and models mirror scripts/bench/workloads.ts: the same MNIST
subset (mulberry32 Fisher-Yates order of src/data/split.ts, seed 0), the
same LCG sequences, the same layers and batch size 32. The process warms up
on 48 samples (a batch of 32 and one of 16) before the timed epoch.

usage: python scripts/bench/keras_runner.py WORKLOAD MNIST_DIR
       WORKLOAD is one of matmul, mlp, cnn, lstm, gru
"""

import json
import os
import resource
import sys
import time

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

BATCH_SIZE = 32
SEQUENCE_COUNT = 2000
SEQUENCE_STEPS = 50
SEQUENCE_FEATURES = 8


def mulberry32(seed):
    """Yield floats in [0, 1) from the mulberry32 generator of src/random.ts."""
    state = seed & 0xFFFFFFFF
    while True:
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        yield ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296


def shuffled_indices(count, seed):
    """Return 0..count-1 in the Fisher-Yates order of shuffledIndices()."""
    random = mulberry32(seed)
    indices = list(range(count))
    for i in range(count - 1, 0, -1):
        j = int(next(random) * (i + 1))
        indices[i], indices[j] = indices[j], indices[i]
    return np.array(indices, dtype=np.int64)


def read_idx(path):
    """Read an unsigned-byte IDX file into a numpy array of its shape."""
    with open(path, "rb") as handle:
        raw = handle.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path} is not an unsigned-byte IDX file")
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * d: 8 + 4 * d], "big") for d in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_mnist(mnist_dir, count):
    """Return the first `count` images of loadMnist({seed: 0}): x [n, 784] in [0, 1], one-hot y."""
    images = read_idx(os.path.join(mnist_dir, "train-images-idx3-ubyte"))
    labels = read_idx(os.path.join(mnist_dir, "train-labels-idx1-ubyte"))
    picked = shuffled_indices(60000, 0)[:count]
    x = (images[picked].reshape(count, 784).astype(np.float32)) / np.float32(255)
    y = np.eye(10, dtype=np.float32)[labels[picked]]
    return x, y, int(labels[picked].sum())


def lcg_sequences():
    """Sequences [2000, 50, 8] and targets [2000, 1] from the LCG of workloads.ts."""
    total = SEQUENCE_COUNT * SEQUENCE_STEPS * SEQUENCE_FEATURES
    values = np.empty(total, dtype=np.float64)
    state = 12345
    for i in range(total):
        state = (1664525 * state + 1013904223) & 0xFFFFFFFF
        values[i] = state / 4294967296 - 0.5
    x = values.reshape(SEQUENCE_COUNT, SEQUENCE_STEPS, SEQUENCE_FEATURES)
    y = x[:, :, 0].mean(axis=1) + 0.5 * x[:, -1, 1]
    return x.astype(np.float32), y.reshape(-1, 1).astype(np.float32)


def build_model(workload):
    """Build and compile the Keras twin of the tfjs model of `workload`."""
    if workload == "mlp":
        layers = [keras.Input((784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")]
    elif workload == "cnn":
        layers = [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(16, 3, activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Conv2D(32, 3, activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ]
    elif workload == "lstm":
        layers = [keras.Input((SEQUENCE_STEPS, SEQUENCE_FEATURES)), keras.layers.LSTM(64), keras.layers.Dense(1)]
    else:
        # tfjs's GRU has no reset_after=True, so both sides use the classic GRU.
        layers = [keras.Input((SEQUENCE_STEPS, SEQUENCE_FEATURES)), keras.layers.GRU(64, reset_after=False), keras.layers.Dense(1)]
    model = keras.Sequential(layers)
    classify = workload in ("mlp", "cnn")
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss="categorical_crossentropy" if classify else "mean_squared_error",
        metrics=["accuracy"] if classify else [],
    )
    return model


def run_matmul():
    """Return GFLOP/s of 1024x1024 float32 products: one warm-up, then until 1.5 s (at least 2)."""
    size = 1024
    rng = np.random.default_rng(0)
    a = tf.constant(rng.standard_normal((size, size), dtype=np.float32))
    b = tf.constant(rng.standard_normal((size, size), dtype=np.float32))
    keras.ops.matmul(a, b).numpy()
    repeats = 0
    started = time.perf_counter()
    elapsed = 0.0
    while elapsed < 1.5 or repeats < 2:
        keras.ops.matmul(a, b).numpy()
        repeats += 1
        elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "gflops": 2 * size**3 * repeats / elapsed / 1e9, "repeats": repeats}


def run_training(workload, mnist_dir):
    """Train one epoch after a one-batch warm-up; return seconds and the epoch loss."""
    checksum = None
    if workload in ("mlp", "cnn"):
        x, y, checksum = load_mnist(mnist_dir, 10000 if workload == "mlp" else 2000)
        if workload == "cnn":
            x = x.reshape(-1, 28, 28, 1)
    else:
        x, y = lcg_sequences()
    keras.utils.set_random_seed(0)
    model = build_model(workload)
    # Warm-up: one batch of 32 and one of 16, the two batch shapes of the
    # timed epoch, so graph tracing is not part of the timed epoch.
    model.fit(x[:48], y[:48], batch_size=BATCH_SIZE, epochs=1, verbose=0)
    started = time.perf_counter()
    history = model.fit(x, y, batch_size=BATCH_SIZE, epochs=1, shuffle=True, verbose=0)
    seconds = time.perf_counter() - started
    result = {"seconds": seconds, "loss": float(history.history["loss"][-1]), "samples": int(x.shape[0])}
    if checksum is not None:
        result["labelChecksum"] = checksum
    return result


def main():
    workload, mnist_dir = sys.argv[1], sys.argv[2]
    result = run_matmul() if workload == "matmul" else run_training(workload, mnist_dir)
    result["peakRssMb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["versions"] = {"tensorflow": tf.__version__, "keras": keras.__version__, "python": sys.version.split()[0]}
    result["onednn"] = os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default (on)")
    print("BENCH_RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
