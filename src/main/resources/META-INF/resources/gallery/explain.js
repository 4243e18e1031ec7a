// The Explain view: what VGG16 thinks the image is (its five most likely classes) and which pixels made it think
// so. For the class chosen, Grad-CAM over the input, guided Grad-CAM and guided backprop beside the input, then
// any of the seven methods at a layer of one's choice (LayerCAM at the layer being viewed, to begin with).
// The server explains one image at a time, so the requests go one after another. Without a classifier the server
// answers 409, and the view says what it said.
import { $, el } from './dom.js';
import * as api from './api.js';
import { createStatus } from './status.js';

const TOP = 5;
const CAM_METHODS = new Set(['gradcam', 'layercam', 'guided-gradcam']);
const METHOD_NAMES = {
  gradcam: 'Grad-CAM',
  layercam: 'LayerCAM',
  'guided-backprop': 'guided backprop',
  'guided-gradcam': 'guided Grad-CAM',
  saliency: 'saliency',
  'integrated-gradients': 'integrated gradients',
  smoothgrad: 'SmoothGrad',
};
/** The three pictures of a class: which method, and which of its answer's pictures is shown. */
const PICTURES = [
  { figure: 'explain-gradcam', method: 'gradcam', picture: 'overlay', what: 'Grad-CAM at relu5_3 over the input' },
  { figure: 'explain-guided-gradcam', method: 'guided-gradcam', picture: 'image', what: 'guided Grad-CAM' },
  { figure: 'explain-guided-backprop', method: 'guided-backprop', picture: 'image', what: 'guided backprop' },
];

export const percent = (p) => `${(100 * p).toPrecision(3)} %`;

export function createExplain() {
  const status = createStatus('explain-');
  const panel = $('explain-results');
  const empty = $('explain-empty');
  const classes = $('explain-classes');
  const classList = $('explain-class-list');
  const views = $('explain-views');
  const methodSelect = $('explain-method');
  const layerSelect = $('explain-layer');
  const chosen = $('explain-chosen');
  layerSelect.replaceChildren(...Array.from($('layer').children, (node) => node.cloneNode(true)));

  let image = null; // { file, previewUrl }
  let predictions = [];
  let run = 0;
  let controller = null;
  let busy = false; // the class's three pictures are on their way; the chosen method follows them

  const retrying = (isCurrent) => ({ retry, of, seconds, message }) => {
    if (isCurrent()) status.start(`${message} Trying again in ${seconds.toFixed(1)} s (retry ${retry} of ${of})…`);
  };

  const pending = (figure) => {
    figure.dataset.state = 'loading';
    figure.querySelector('img').removeAttribute('src');
  };

  const draw = (figure, answer, picture, alt, caption) => {
    const img = figure.querySelector('img');
    img.src = `data:image/png;base64,${answer[picture].png}`;
    img.alt = alt;
    figure.querySelector('figcaption').textContent = caption;
    figure.dataset.state = 'done';
  };

  const fail = (error) => {
    busy = false;
    if (error.name === 'AbortError') return;
    status.stop();
    status.error(api.failure(error));
  };

  const clear = () => {
    controller?.abort();
    run++;
    busy = false;
    predictions = [];
    classList.replaceChildren();
    classes.hidden = true;
    views.hidden = true;
    status.stop();
    status.clearError();
  };

  const isCam = () => CAM_METHODS.has(methodSelect.value);

  const chosenLabel = () => predictions.find((p) => p.index === Number(classList.querySelector('input:checked')?.value))?.label;

  /** The method and layer of the selectors, for the class chosen. */
  async function explainChosen(current, signal) {
    const method = methodSelect.value;
    const layer = isCam() ? layerSelect.value : null;
    const index = Number(classList.querySelector('input:checked').value);
    const label = chosenLabel();
    const what = `${METHOD_NAMES[method]}${layer ? ` at ${layer}` : ''} for “${label}”`;
    pending(chosen);
    status.start(`Explaining “${label}”: ${METHOD_NAMES[method]}${layer ? ` at ${layer}` : ''}…`);
    const answer = await api.explain(image.file, { method, class: index, layer }, { signal, onRetry: retrying(() => current === run) });
    if (current !== run) return;
    const picture = answer.overlay ? 'overlay' : 'image';
    Object.assign(chosen.dataset, { method, layer: answer.layer?.name ?? '', picture, class: String(index) });
    draw(chosen, answer, picture, `${what}${answer.overlay ? ', over the input' : ''}`,
      `${what[0].toUpperCase()}${what.slice(1)}${answer.overlay ? ', over the input' : ''}`);
    status.stop();
  }

  /** The three pictures of the class of index {@code index}, then the chosen method's. */
  async function explainClass(index) {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    const current = ++run;
    busy = true;
    status.clearError();
    const label = chosenLabel();
    views.hidden = false;
    views.dataset.class = String(index);
    [...PICTURES.map((p) => $(p.figure)), chosen].forEach(pending);
    try {
      for (const [i, p] of PICTURES.entries()) {
        status.start(`Explaining “${label}”: ${p.what} (${i + 1} of ${PICTURES.length})…`);
        const answer = await api.explain(image.file, { method: p.method, class: index },
          { signal, onRetry: retrying(() => current === run) });
        if (current !== run) return;
        const what = `${p.what[0].toUpperCase()}${p.what.slice(1)} for “${label}”`;
        draw($(p.figure), answer, p.picture, what, what);
      }
      busy = false;
      await explainChosen(current, signal);
    } catch (error) {
      if (current === run) fail(error);
    }
  }

  const showPredictions = (answer) => {
    predictions = answer.predictions;
    classList.replaceChildren(...predictions.map((p, rank) => {
      const id = `explain-class-${p.index}`;
      const input = el('input', { type: 'radio', name: 'explain-class', id, value: String(p.index), checked: rank === 0 });
      const bar = el('span', { className: 'class-bar', 'aria-hidden': 'true' }, [
        el('span', { className: 'class-bar-fill', style: `width: ${(100 * p.probability).toFixed(1)}%` })]);
      const label = el('label', { htmlFor: id }, [
        el('span', { className: 'class-label', textContent: p.label }),
        el('span', { className: 'class-probability', textContent: percent(p.probability), title: String(p.probability) }),
        bar]);
      return el('li', { className: 'class', dataset: { index: String(p.index), probability: String(p.probability) } }, [input, label]);
    }));
    classes.hidden = false;
    $('explain-summary').textContent = `${answer.model.pretrained === false ? 'Untrained demo weights: the classes are not meaningful. ' : ''}`
      + `Predicted in ${Math.round(answer.timingsMs.total)} ms.`;
  };

  classList.addEventListener('change', (event) => {
    if (event.target.name === 'explain-class') explainClass(Number(event.target.value));
  });

  const methodChanged = () => {
    layerSelect.disabled = !isCam();
    $('explain-layer-hint').textContent = isCam() ? 'The layer whose maps are weighed.'
      : 'Traced back to the input pixels: no layer.';
    if (busy || views.hidden || !image) return;
    controller?.abort();
    controller = new AbortController();
    const current = ++run;
    status.clearError();
    explainChosen(current, controller.signal).catch((error) => { if (current === run) fail(error); });
  };
  methodSelect.addEventListener('change', methodChanged);
  layerSelect.addEventListener('change', methodChanged);
  methodChanged();

  return {
    /** A new image: its top five classes, then the pictures of the first. */
    async image(file, previewUrl) {
      clear();
      image = { file, previewUrl };
      empty.hidden = true;
      const input = $('explain-input');
      input.src = previewUrl;
      input.alt = `The input image, ${file.name || 'as chosen'}`;
      const current = run;
      controller = new AbortController();
      status.start('Asking VGG16 what it sees…');
      try {
        const answer = await api.predict(file, TOP, { signal: controller.signal, onRetry: retrying(() => current === run) });
        if (current !== run) return;
        status.stop();
        showPredictions(answer);
        panel.dataset.state = 'predicted';
        await explainClass(predictions[0].index);
      } catch (error) {
        if (current === run) fail(error);
      }
    },
    /** No image to explain (one the server would refuse, say). */
    clear() {
      clear();
      image = null;
      empty.hidden = false;
    },
    /** The gallery shows another layer: LayerCAM and the other CAMs follow it. */
    followLayer(name) {
      if (layerSelect.value === name) return;
      layerSelect.value = name;
      if (isCam()) methodChanged();
    },
  };
}
