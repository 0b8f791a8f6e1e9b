/**
 * Image grids (digits, learned weights, filters): the images are tiled into
 * one mosaic and drawn as a single plotly heatmap, so hovering shows each
 * pixel's value and the saved output stays compact.
 */
import { Figure, roundTo } from "./figure";
import { baseLayout } from "./style";

/** Options for `imageGrid`. */
export interface ImageGridOptions {
  /** Image height in pixels. */
  height: number;
  /** Image width in pixels. */
  width: number;
  /** Images per row (default: as square a grid as fits). */
  columns?: number;
  /** Chart title. */
  title?: string;
  /** A caption per image, drawn above it. */
  captions?: string[];
  /** Plotly colour scale (default "RdBu" for signed values, "Greys" otherwise). */
  colorscale?: string;
  /** Scale each image to its own range (default true), so weak and strong filters both show. */
  normalizeEach?: boolean;
}

function validate(images: ArrayLike<number>[], options: ImageGridOptions): void {
  if (images.length === 0) {
    throw new RangeError("imageGrid：images 为空，至少需要一张图像");
  }
  const size = options.height * options.width;
  images.forEach((image, index) => {
    if (image.length !== size) {
      throw new RangeError(`imageGrid：第 ${index} 张图像有 ${image.length} 个像素，按 height×width 应为 ${options.height}×${options.width}=${size}`);
    }
  });
}

function scaled(image: ArrayLike<number>, normalize: boolean): number[] {
  const values = Array.from(image);
  if (!normalize) return values;
  const peak = Math.max(...values.map(Math.abs)) || 1;
  return values.map((value) => value / peak);
}

/**
 * Builds a figure that tiles `images` (each height×width, row-major) into a
 * grid with one-pixel gaps, optional captions and a shared colour scale.
 */
export function imageGrid(images: ArrayLike<number>[], options: ImageGridOptions): Figure {
  validate(images, options);
  const { height, width } = options;
  const columns = options.columns ?? Math.ceil(Math.sqrt(images.length));
  const rows = Math.ceil(images.length / columns);
  const normalize = options.normalizeEach ?? true;
  const signed = images.some((image) => Array.from(image).some((value) => value < 0));

  // Mosaic of (rows × (height+1)) × (columns × (width+1)); gaps stay null.
  const mosaic: (number | null)[][] = Array.from({ length: rows * (height + 1) - 1 }, () => new Array(columns * (width + 1) - 1).fill(null));
  images.forEach((image, index) => {
    const values = scaled(image, normalize);
    const top = Math.floor(index / columns) * (height + 1);
    const left = (index % columns) * (width + 1);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        mosaic[top + y][left + x] = roundTo(values[y * width + x], 3);
      }
    }
  });

  const annotations = (options.captions ?? []).slice(0, images.length).map((caption, index) => ({
    text: caption,
    x: (index % columns) * (width + 1) + (width - 1) / 2,
    y: Math.floor(index / columns) * (height + 1) - 0.8,
    showarrow: false,
    yanchor: "bottom",
    font: { size: 11 },
  }));

  const cell = Math.max(40, Math.min(90, 700 / columns));
  const layout = {
    ...baseLayout(options.title ?? "", rows * cell + 90),
    width: columns * cell + 140,
    hovermode: "closest",
    xaxis: { visible: false, constrain: "domain" },
    yaxis: { visible: false, autorange: "reversed", scaleanchor: "x" },
    annotations,
    margin: { l: 10, r: 10, t: 60, b: 10 },
  };
  const trace = {
    type: "heatmap",
    z: mosaic,
    colorscale: options.colorscale ?? (signed ? "RdBu" : "Greys"),
    reversescale: !signed && !options.colorscale,
    zmid: signed ? 0 : undefined,
    hoverongaps: false,
    hovertemplate: "值 %{z}<extra></extra>",
    showscale: true,
  };
  return { data: [trace], layout };
}
