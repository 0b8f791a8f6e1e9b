/**
 * The shared library of the notebooks, in one import:
 *   import { tf, loadMnist, fitWithProgress, showFigure } from "./src/index";
 * Each name lives in a small module of its own; see the files beside this one.
 */
export { tf, describeBackend } from "./backend";
export { assertClaim, ClaimFailedError } from "./check";
export { isQuickMode, pick, QUICK_MODE_VARIABLE } from "./config";
export { IMAGE_SIZE, NUM_CLASSES, loadMnist, sampleImages } from "./data/mnist";
export type { ImageDataset, ImageSplit, MnistOptions } from "./data/mnist";
export { DataFileError } from "./data/idx";
export { createLiveDisplay, showBundle } from "./display/bridge";
export { showTable } from "./display/table";
export { denseKernelImages } from "./inspect";
export { disposeDeep, keep, releaseAll } from "./memory";
export { accuracy, modelAccuracy } from "./metrics/accuracy";
export { classificationReport } from "./metrics/classification";
export type { ClassificationReport, ClassScores } from "./metrics/classification";
export { confusionMatrix } from "./metrics/confusion";
export { auc, rocAuc, rocCurve } from "./metrics/roc";
export type { RocCurve } from "./metrics/roc";
export { buildMlp } from "./models";
export { trainingCurves } from "./plot/curves";
export type { TrainingRun } from "./plot/curves";
export { figureBundle, showFigure } from "./plot/figure";
export type { Figure } from "./plot/figure";
export { imageGrid } from "./plot/images";
export { createRandom, withSeed } from "./random";
export { fitPolynomial, meanSquaredError, predictPolynomial } from "./regression/polynomial";
export type { PolynomialModel } from "./regression/polynomial";
export { trainModels } from "./train/compare";
export type { ModelSpec, TrainedRun } from "./train/compare";
export { DivergedError, fitWithProgress } from "./train/fit";
export type { FitOptions } from "./train/fit";
export { EarlyStopper } from "./train/early-stopping";
export type { EarlyStoppingOptions } from "./train/early-stopping";
export { seededInitializer } from "./train/initializers";
export { cosineSchedule, getLearningRate, setLearningRate, stepSchedule, warmupSchedule } from "./train/learning-rate";
export type { LearningRateSchedule } from "./train/learning-rate";
export { lrRangeTest } from "./train/lr-range-test";
export type { RangeTestPoint, RangeTestResult } from "./train/lr-range-test";
export { runSweep, sweepTable } from "./train/sweep";
export type { SweepRun } from "./train/sweep";
export type { TrainingHistory } from "./train/history";
