// "Why here?": the guided backprop of one filter (explain with method=guided-backprop, its layer and filter), shown
// in the large view beside the filter's map: the input pixels that made the filter fire where it did.
import { $ } from './dom.js';
import * as api from './api.js';

/** {@code shown()}: the maps on show, as the grid drew them. */
export function createWhyHere({ shown }) {
  const figure = $('viewer-why-figure');
  const image = $('viewer-why');
  const caption = $('viewer-why-caption');
  let controller = null;

  const reset = () => {
    controller?.abort();
    controller = null;
    figure.hidden = true;
    delete figure.dataset.state;
    image.removeAttribute('src');
  };

  return {
    reset,
    /** Asks for the guided backprop of the filter at {@code position} and shows it. */
    async show(position) {
      reset();
      const { file, layer, maps } = shown();
      const { filter } = maps[position];
      controller = new AbortController();
      const { signal } = controller;
      Object.assign(figure.dataset, { state: 'loading', layer: layer.name, filter: String(filter) });
      figure.hidden = false;
      caption.textContent = `Why filter ${filter} fired here: tracing it back to the input…`;
      try {
        const answer = await api.explain(file, { method: 'guided-backprop', layer: layer.name, filter }, {
          signal,
          onRetry: ({ retry, of, seconds, message }) => {
            caption.textContent = `${message} Trying again in ${seconds.toFixed(1)} s (retry ${retry} of ${of})…`;
          },
        });
        image.src = `data:image/png;base64,${answer.image.png}`;
        image.alt = `Guided backprop of filter ${filter} of ${layer.name}: the input pixels that made it fire`;
        caption.textContent = `Why here: guided backprop of filter ${filter} of ${layer.name}`;
        figure.dataset.state = 'done';
      } catch (error) {
        if (error.name === 'AbortError') return;
        figure.dataset.state = 'failed';
        caption.textContent = api.failure(error);
      }
    },
  };
}
