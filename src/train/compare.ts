/** Training several models on the same data, one after another, for comparison. */
import { tf } from "../backend";
import { ImageDataset } from "../data/mnist";
import { disposeDeep } from "../memory";
import { FitOptions, fitWithProgress } from "./fit";
import { TrainingHistory } from "./history";

/** A model to train: a display name and a function that builds the compiled model. */
export interface ModelSpec {
  name: string;
  build: () => tf.LayersModel;
}

/** A trained model with its name and history; the caller owns the model. */
export interface TrainedRun {
  name: string;
  model: tf.LayersModel;
  history: TrainingHistory;
}

/**
 * Builds and trains each spec in turn on `data.train`, validating on
 * `data.validation`, each with its own live progress line. If one run fails,
 * the models trained so far are disposed before the error propagates.
 */
export async function trainModels(specs: ModelSpec[], data: ImageDataset, options: Omit<FitOptions, "label" | "validationData">): Promise<TrainedRun[]> {
  const runs: TrainedRun[] = [];
  try {
    for (const spec of specs) {
      const model = spec.build();
      runs.push({ name: spec.name, model, history: {} });
      runs[runs.length - 1].history = await fitWithProgress(model, data.train.x, data.train.y, {
        ...options,
        validationData: [data.validation.x, data.validation.y],
        label: spec.name,
      });
    }
  } catch (error) {
    disposeDeep(runs);
    throw error;
  }
  return runs;
}
