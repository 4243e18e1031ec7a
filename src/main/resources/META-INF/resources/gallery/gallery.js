// FeatureLens gallery: the entry module. It owns what is on show and wires the parts together; each part is
// its own module (api.js, grid.js, viewer.js, downloads.js, ...). A further view (an explanation, a
// visualisation) is one more module that gets the chosen image and settings here and draws into its own
// section, using api.js for its requests and status.js to say what it is doing.
import { $, megabytes } from './dom.js';
import * as api from './api.js';
import { createStatus } from './status.js';
import { loading, showModel, watchModel } from './banner.js';
import { watchImageInput } from './image-input.js';
import { createGrid } from './grid.js';
import { createViewer } from './viewer.js';
import { createDownloads } from './downloads.js';
import { createExplain } from './explain.js';
import { createWhyHere } from './why.js';
import { createVisualizations } from './visualize.js';

const KERNEL_LAYERS = 2; // conv1_1 and relu1_1: their channel i is what conv1_1's kernel i found

const form = $('controls');
const empty = $('empty');
const maxBytes = Number(form.dataset.maxBytes);

const session = {
  file: null,
  previewUrl: null,
  run: 0,
  controller: null,
  shown: null, // { file, previewUrl, layer, maps, kernels, normalize, colormap, timingsMs } of the maps on show
  kernels: null, // Promise of Map(filter -> kernel)
};

const status = createStatus();
const why = createWhyHere({ shown: () => session.shown });
const visualizations = createVisualizations();
const grid = createGrid({
  onTile: (tile, layer, filter) => visualizations.attach(tile, layer, filter),
  onOpen: (position) => viewer.open(position),
  onWhy: (position) => {
    viewer.open(position);
    why.show(position);
  },
});
const viewer = createViewer({
  shown: () => session.shown,
  onShow: () => why.reset(),
  onWhy: (position) => why.show(position),
  onClose: (position) => {
    why.reset();
    grid.focus(position);
  },
});
const explain = createExplain();
const downloads = createDownloads({ shown: () => session.shown, status });

const selectedLayer = () => {
  const option = $('layer').selectedOptions[0];
  return { name: option.value, index: Number(option.dataset.index), channels: Number(option.dataset.channels) };
};
const choice = (name) => form.querySelector(`input[name="${name}"]:checked`).value;
const settings = () => ({ layer: selectedLayer(), normalize: choice('normalize'), colormap: choice('colormap') });

/** conv1_1's kernels by filter; an empty map when they cannot be had (the maps are shown without them). */
const kernels = () => {
  if (!session.kernels) {
    session.kernels = api.kernels()
      .then((body) => new Map(body.kernels.map((k) => [k.filter, k])))
      .catch(() => {
        session.kernels = null; // ask again next time
        return new Map();
      });
  }
  return session.kernels;
};

const clearResults = () => {
  session.shown = null;
  grid.clear();
  downloads.enable(false);
};

async function compute() {
  if (!session.file) return;
  const run = ++session.run;
  const isCurrent = () => run === session.run;
  session.controller?.abort();
  const controller = new AbortController();
  session.controller = controller;
  const current = settings();
  const { file, previewUrl } = session;
  status.clearError();
  empty.hidden = true;

  if (file.size > maxBytes) {
    status.stop();
    clearResults();
    status.error(`“${file.name}” is ${megabytes(file.size)}; the limit is ${form.dataset.maxSize}.`);
    return;
  }

  const computing = `Computing ${current.layer.channels} maps of ${current.layer.name}…`;
  status.start(computing);
  downloads.enable(false);
  try {
    const [data, kernelMap] = await Promise.all([
      api.features(file, current, {
        signal: controller.signal,
        onRetry: ({ retry, of, seconds, message }) => {
          if (isCurrent()) status.start(`${message} Trying again in ${seconds.toFixed(1)} s (retry ${retry} of ${of})…`);
        },
      }),
      current.layer.index < KERNEL_LAYERS ? kernels() : Promise.resolve(null),
    ]);
    if (!isCurrent()) return;
    if (loading()) showModel(data.model);
    session.shown = {
      file, previewUrl, ...current,
      layer: { ...current.layer, width: data.layer.width, height: data.layer.height },
      maps: data.maps, kernels: kernelMap, normalize: data.normalize, colormap: data.colormap, timingsMs: data.timingsMs,
    };
    const drawn = await grid.render(session.shown, isCurrent,
      (done, total) => status.say(`Drawing maps: ${done} of ${total}…`));
    if (drawn) {
      status.stop();
      downloads.enable(true);
    }
  } catch (error) {
    if (error.name === 'AbortError' || !isCurrent()) return;
    status.stop();
    clearResults();
    status.error(api.failure(error));
  }
}

watchImageInput((file, previewUrl) => {
  session.file = file;
  session.previewUrl = previewUrl;
  compute();
  if (file.size > maxBytes) explain.clear();
  else explain.image(file, previewUrl);
});
form.addEventListener('change', (event) => {
  if (event.target.id === 'image' || event.target.id.startsWith('vis-')) return;
  compute();
  if (event.target.id === 'layer') explain.followLayer(selectedLayer().name);
});
form.addEventListener('submit', (event) => event.preventDefault());

watchModel();
