// The grid of feature maps: one tile per filter with its statistics, added a batch per animation frame so
// a layer of 512 maps never blocks the page; the arrow keys move between tiles.
import { $, el, formatNumber } from './dom.js';

const BATCH = 64;

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

const tile = (map, position, layer, kernel) => {
  const label = `Filter ${map.filter} of ${layer.name}`;
  const image = el('img', {
    className: 'map',
    src: `data:image/png;base64,${map.png}`,
    alt: `Feature map of filter ${map.filter} in ${layer.name}`,
    width: layer.width,
    height: layer.height,
    decoding: 'async',
  });
  const open = el('button', {
    type: 'button',
    className: 'tile-open',
    tabIndex: position === 0 ? 0 : -1,
    title: `${label}: open large`,
    dataset: { position: String(position) },
  }, [image]);
  // out of the tab order like the tiles' other buttons but the focused one: the large view has it for the keyboard
  const why = el('button', {
    type: 'button',
    className: 'tile-why',
    tabIndex: -1,
    textContent: 'why here?',
    title: `${label}: which input pixels made it fire (guided backprop)`,
    dataset: { position: String(position) },
  });
  const meta = el('div', { className: 'tile-meta' }, [el('span', { className: 'tile-index', textContent: `#${map.filter}` }), why]);
  if (kernel) {
    meta.append(el('img', {
      className: 'kernel',
      src: `data:image/png;base64,${kernel.png}`,
      alt: `conv1_1 kernel ${map.filter} as a 3×3 RGB patch`,
      title: `What filter ${map.filter} looks for: its 3×3 kernel over R, G and B (mid grey is a zero weight)`,
      width: 3,
      height: 3,
    }));
  }
  const stat = (name, value) => el('div', {}, [el('dt', { textContent: name }), el('dd', { textContent: formatNumber(value), title: String(value) })]);
  const stats = el('dl', { className: 'stats' }, [stat('min', map.min), stat('max', map.max), stat('mean', map.mean)]);
  const pictures = el('div', { className: 'tile-pictures' }, [open]);
  return el('li', { className: 'tile', dataset: { filter: String(map.filter) } }, [pictures, meta, stats]);
};

/**
 * {@code onOpen(position)} when a tile is clicked or chosen with Enter; {@code onWhy(position)} for its "why here?";
 * {@code onTile(tile, layer, filter)} for every tile drawn, before it is shown.
 */
export function createGrid({ onOpen, onWhy, onTile }) {
  const grid = $('grid');
  const summary = $('summary');

  const columns = () => getComputedStyle(grid).gridTemplateColumns.split(' ').filter(Boolean).length || 1;

  const focus = (position) => {
    const buttons = grid.querySelectorAll('.tile-open');
    if (!buttons.length) return;
    const target = buttons[Math.max(0, Math.min(buttons.length - 1, position))];
    buttons.forEach((b) => { b.tabIndex = -1; });
    target.tabIndex = 0;
    target.focus();
  };

  grid.addEventListener('keydown', (event) => {
    const button = event.target.closest('.tile-open');
    if (!button) return;
    const position = Number(button.dataset.position);
    const moves = {
      ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns(), ArrowUp: -columns(),
      Home: -Infinity, End: Infinity, PageDown: 4 * columns(), PageUp: -4 * columns(),
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const step = moves[event.key];
    focus(Number.isFinite(step) ? position + step : (step < 0 ? 0 : Number.MAX_SAFE_INTEGER));
  });

  grid.addEventListener('click', (event) => {
    const button = event.target.closest('.tile-open');
    if (button) onOpen(Number(button.dataset.position));
    const why = event.target.closest('.tile-why');
    if (why) onWhy(Number(why.dataset.position));
  });

  return {
    focus,
    clear() {
      grid.replaceChildren();
      delete grid.dataset.state;
      summary.textContent = '';
    },
    /**
     * Draws {@code shown} ({ layer, maps, kernels, normalize, colormap, timingsMs }); {@code onBatch(drawn, total)}
     * between frames. Stops when {@code isCurrent()} turns false; true when every tile is drawn.
     */
    async render(shown, isCurrent, onBatch) {
      const { layer, maps, kernels } = shown;
      grid.replaceChildren();
      grid.dataset.state = 'rendering';
      grid.dataset.layer = layer.name;
      grid.classList.toggle('pixelated', layer.width <= 56);
      grid.setAttribute('aria-label', `${maps.length} feature maps of ${layer.name}`);
      for (let start = 0; start < maps.length; start += BATCH) {
        if (!isCurrent()) return false;
        const batch = document.createDocumentFragment();
        maps.slice(start, start + BATCH).forEach((map, i) => {
          const drawn = tile(map, start + i, layer, kernels?.get(map.filter));
          onTile(drawn, layer.name, map.filter);
          batch.append(drawn);
        });
        grid.append(batch);
        if (start + BATCH < maps.length) {
          onBatch(start + BATCH, maps.length);
          await nextFrame();
        }
      }
      if (!isCurrent()) return false;
      grid.dataset.state = 'done';
      const t = shown.timingsMs;
      summary.textContent = `${layer.name}: ${maps.length} maps of ${layer.width}×${layer.height}, `
        + `${shown.normalize}, ${shown.colormap}. Computed in ${Math.round(t.total)} ms (network ${Math.round(t.forward)} ms).`;
      return true;
    },
    done: () => grid.dataset.state === 'done',
  };
}
