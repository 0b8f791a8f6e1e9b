// `npm install` runs this as postinstall; `npm run setup` runs it by hand.
// It prepares everything besides node_modules: the Python venv with
// JupyterLab and nbconvert, the tfjs-node native addon, and the kernelspec.
// Re-running it on an installed tree changes nothing and takes seconds.
import { writeKernelspec } from "./lib/kernelspec.mjs";
import { writeLabSettings } from "./lib/lab-settings.mjs";
import { say } from "./lib/process.mjs";
import { ensureVenv, findPython, installRequirements } from "./lib/python-env.mjs";
import { ensureTfjsNode } from "./lib/tfjs-native.mjs";

const started = Date.now();

ensureVenv(findPython());
installRequirements();
ensureTfjsNode();

writeLabSettings();
const changed = writeKernelspec();
say(changed ? "已注册 tslab 内核（kernel）：dl30-tslab（仅在 .venv 内）" : "tslab 内核 dl30-tslab 已注册");
say(`准备完成，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。运行 \`npm start\` 打开 JupyterLab。`);
