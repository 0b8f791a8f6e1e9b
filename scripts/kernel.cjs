// Jupyter kernel launcher for the project's notebooks.
//
// tslab compiles a notebook cell as a file in the kernel's working directory
// and rejects relative imports that leave it ("not under rootDir"). Jupyter
// starts kernels in the notebook's folder, so `../src/...` would fail. This
// launcher moves to the project root first; notebooks then import the shared
// library as `./src/...`. Plain Node.js, so it works the same on Linux, macOS
// and Windows.
"use strict";

const path = require("node:path");

const projectRoot = path.resolve(__dirname, "..");
const connectionFile = process.argv[2] && path.resolve(process.argv[2]);

if (!connectionFile) {
  console.error("usage: node scripts/kernel.cjs CONNECTION_FILE (Jupyter passes it)");
  process.exit(2);
}

process.chdir(projectRoot);

// TensorFlow's C library logs oneDNN notes to native stderr at load; these
// keep a cell's output clean (src/compat.ts sets the same for scripts).
process.env.TF_CPP_MIN_LOG_LEVEL ??= "3";
process.env.TF_ENABLE_ONEDNN_OPTS ??= "0";

const { startKernel } = require(require.resolve("tslab/dist/main.js", { paths: [projectRoot] }));
startKernel({ configPath: connectionFile, enableFindLocal: false });
