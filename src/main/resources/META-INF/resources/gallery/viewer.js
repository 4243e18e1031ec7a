// The large view of one map next to the input, with its kernel for conv1_1; the arrow keys step through.
import { $, el, formatNumber } from './dom.js';

const stat = (name, value) => el('div', {}, [el('dt', { textContent: name }), el('dd', { textContent: value })]);

/**
 * {@code shown()}: the maps on show, as the grid drew them; {@code onShow(position)}: a map is shown;
 * {@code onWhy(position)}: its "Why here?" was chosen; {@code onClose(position)}: where the view ended.
 */
export function createViewer({ shown, onShow, onWhy, onClose }) {
  const viewer = $('viewer');
  let viewing = -1;

  const show = (position) => {
    const { layer, maps, kernels, normalize, colormap, file, previewUrl } = shown();
    const map = maps[position];
    const kernel = kernels?.get(map.filter);
    viewing = position;
    $('viewer-title').textContent = `Filter ${map.filter} of ${layer.name} (${position + 1} of ${maps.length})`;
    const input = $('viewer-input');
    input.src = previewUrl;
    input.alt = `The input image, ${file.name || 'as chosen'}`;
    const large = $('viewer-map');
    large.src = `data:image/png;base64,${map.png}`;
    large.alt = `Feature map of filter ${map.filter} in ${layer.name}, ${layer.width}×${layer.height}, ${normalize}, ${colormap}`;
    large.classList.toggle('pixelated', layer.width < 224);
    $('viewer-map-caption').textContent = `Feature map, ${layer.width}×${layer.height}`;
    $('viewer-kernel-figure').hidden = !kernel;
    if (kernel) {
      const patch = $('viewer-kernel');
      patch.src = `data:image/png;base64,${kernel.png}`;
      patch.alt = `conv1_1 kernel ${map.filter}: 3×3 weights over red, green and blue`;
      $('viewer-kernel-caption').textContent = `Kernel: weights ${formatNumber(kernel.min)} to ${formatNumber(kernel.max)}`;
    }
    $('viewer-stats').replaceChildren(stat('min', formatNumber(map.min)),
      stat('max', formatNumber(map.max)), stat('mean', formatNumber(map.mean)),
      stat('normalisation', normalize), stat('colour map', colormap));
    $('viewer-prev').disabled = position === 0;
    $('viewer-next').disabled = position === maps.length - 1;
    onShow(position);
  };

  const step = (delta) => {
    const next = viewing + delta;
    if (shown() && next >= 0 && next < shown().maps.length) show(next);
  };

  $('viewer-close').addEventListener('click', () => viewer.close());
  $('viewer-prev').addEventListener('click', () => step(-1));
  $('viewer-next').addEventListener('click', () => step(1));
  $('viewer-why-button').addEventListener('click', () => onWhy(viewing));
  viewer.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowLeft') { event.preventDefault(); step(-1); }
    if (event.key === 'ArrowRight') { event.preventDefault(); step(1); }
  });
  viewer.addEventListener('click', (event) => {
    if (event.target === viewer) viewer.close(); // a click on the backdrop
  });
  viewer.addEventListener('close', () => {
    if (viewing >= 0 && shown()) onClose(viewing);
  });

  return {
    open(position) {
      if (!shown()) return;
      show(position);
      if (!viewer.open) viewer.showModal();
    },
  };
}
