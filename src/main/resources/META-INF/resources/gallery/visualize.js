// What each filter looks for: its feature visualisation beside its map when the server has one (its cache or the
// atlas), else a "make it" that starts a job and shows its progress, the picture sharpening as previews come
// (docs/visualize.md). Only the tiles in view are looked up, a few at a time, so a layer of 512 maps asks for what
// is seen. Every visualisation is kept by layer, filter and steps, so a tile drawn again shows what is known.
import { $, el, formatNumber } from './dom.js';
import * as api from './api.js';

const LOOKUPS_AT_ONCE = 4;
const POLL_MS = 1000;

export function createVisualizations() {
  const stepsInput = $('vis-steps');
  const seedInput = $('vis-seed');
  const known = new Map(); // key -> { status, progress, png, preview, activation, error }
  const waiting = []; // slots of tiles in view, not yet looked up
  let lookups = 0;

  const steps = () => Math.max(1, Math.round(Number(stepsInput.value)) || 256);
  const seed = () => Math.max(0, Math.round(Number(seedInput.value)) || 0);
  const key = (layer, filter, n, s) => `${layer}/${filter}/${n}/${s}`;

  const slots = (k) => document.querySelectorAll(`.tile-vis[data-key="${k}"]`);

  /** The slot beside the map shows the picture or the progress; the tile's "make it" shows when there is none. */
  const paint = (slot) => {
    const entry = known.get(slot.dataset.key);
    const { layer, filter } = slot.dataset;
    const make = slot.closest('.tile').querySelector('.tile-make');
    slot.dataset.state = entry?.status ?? 'unknown';
    make.hidden = !(entry?.status === 'absent' || entry?.status === 'failed');
    make.textContent = entry?.status === 'failed' ? 'make it again' : 'make it';
    make.title = entry?.error ? entry.error
      : `Make the picture filter ${filter} of ${layer} responds to most (${slot.dataset.steps} steps, seed ${slot.dataset.seed})`;
    if (!entry || !['queued', 'running', 'done'].includes(entry.status)) {
      slot.replaceChildren();
      return;
    }
    const picture = entry.png ?? entry.preview;
    const image = picture ? [el('img', {
      className: 'vis',
      src: `data:image/png;base64,${picture}`,
      alt: entry.png ? `What filter ${filter} of ${layer} responds to most` : `Filter ${filter}'s visualisation so far`,
      title: entry.png ? `What filter ${filter} of ${layer} responds to most: mean activation `
        + `${formatNumber(entry.activation.mean)} (random start: ${formatNumber(entry.activation.start)})` : '',
      width: 224,
      height: 224,
    })] : [];
    const bar = entry.png ? [] : [el('progress', {
      className: 'vis-progress', max: 1, value: entry.progress,
      'aria-label': `Making filter ${filter}'s visualisation`,
    })];
    slot.replaceChildren(...image, ...bar);
  };

  const update = (k, entry) => {
    known.set(k, { ...known.get(k), ...entry });
    slots(k).forEach(paint);
  };

  const fromJob = (job) => ({
    status: job.status,
    progress: job.progress,
    png: job.image?.png,
    activation: job.activation,
    ...(job.preview ? { preview: job.preview.png } : {}),
    error: job.status === 'failed' ? job.error : undefined,
  });

  const fields = ({ dataset }) => ({ layer: dataset.layer, filter: dataset.filter, steps: dataset.steps, seed: dataset.seed });

  const lookUpNext = () => {
    while (lookups < LOOKUPS_AT_ONCE && waiting.length) {
      const slot = waiting.shift();
      const k = slot.dataset.key;
      if (known.has(k) || !slot.isConnected) continue;
      lookups++;
      update(k, { status: 'checking' });
      api.findVisualization(fields(slot))
        .then((job) => update(k, job ? fromJob(job) : { status: 'absent' }))
        .catch((error) => update(k, { status: 'failed', error: api.failure(error) }))
        .finally(() => {
          lookups--;
          lookUpNext();
        });
    }
  };

  // the tile is watched, not the slot: an empty slot is not displayed, and so never in view
  const seen = new IntersectionObserver((entries) => {
    entries.filter((e) => e.isIntersecting).forEach((e) => {
      seen.unobserve(e.target);
      waiting.push(e.target.querySelector('.tile-vis'));
    });
    lookUpNext();
  });

  /** Until the job is done or failed: its events, or asking every second when they cannot be had. */
  const follow = (k, job) => new Promise((resolve) => {
    let over = false;
    const finished = (last) => {
      over = true;
      update(k, fromJob(last));
      resolve();
    };
    const poll = async () => {
      try {
        let now = await api.visualization(job.href);
        while (now.status === 'queued' || now.status === 'running') {
          update(k, fromJob(now));
          await new Promise((r) => setTimeout(r, POLL_MS));
          now = await api.visualization(job.href);
        }
        finished(now);
      } catch (error) {
        update(k, { status: 'failed', error: api.failure(error) });
        resolve();
      }
    };
    const events = new EventSource(`${job.href}/events`);
    const onEvent = (event) => {
      const now = JSON.parse(event.data);
      if (now.status === 'done' || now.status === 'failed') {
        events.close();
        finished(now);
      } else {
        update(k, fromJob(now));
      }
    };
    ['progress', 'done', 'failed'].forEach((name) => events.addEventListener(name, onEvent));
    events.onerror = () => {
      events.close();
      if (!over) poll();
    };
  });

  const make = async (slot) => {
    const k = slot.dataset.key;
    update(k, { status: 'queued', progress: 0, error: undefined, preview: undefined });
    try {
      const job = await api.visualize(fields(slot), {
        onRetry: ({ retry, of, seconds }) => update(k, {
          status: 'queued', error: `Busy: retry ${retry} of ${of} in ${seconds.toFixed(1)} s`,
        }),
      });
      update(k, fromJob(job));
      if (job.status === 'queued' || job.status === 'running') await follow(k, job);
    } catch (error) {
      update(k, { status: 'failed', error: api.failure(error) });
    }
  };

  document.addEventListener('click', (event) => {
    const button = event.target.closest('.tile-make');
    if (button) make(button.closest('.tile').querySelector('.tile-vis'));
  });

  /** The slot asks for the visualisation with the steps and seed chosen now. */
  const aim = (slot) => {
    const [n, s] = [steps(), seed()];
    Object.assign(slot.dataset, { steps: String(n), seed: String(s), key: key(slot.dataset.layer, slot.dataset.filter, n, s) });
    paint(slot);
    if (!known.has(slot.dataset.key)) seen.observe(slot.closest('.tile'));
  };

  [stepsInput, seedInput].forEach((input) => input.addEventListener('change', () => document.querySelectorAll('.tile-vis').forEach(aim)));

  return {
    /** Gives a tile of filter {@code filter} of {@code layer} a place for its visualisation and a "make it". */
    attach(tile, layer, filter) {
      const slot = el('div', { className: 'tile-vis', dataset: { layer, filter: String(filter) } });
      tile.querySelector('.tile-pictures').append(slot);
      tile.querySelector('.tile-meta').append(el('button', {
        type: 'button', className: 'tile-make', tabIndex: -1, hidden: true, textContent: 'make it',
      }));
      aim(slot);
    },
  };
}
