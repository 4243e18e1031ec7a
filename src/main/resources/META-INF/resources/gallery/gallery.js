// FeatureLens gallery: sends the image to the JSON API (POST /api/features) and lays out what comes back.
// Maps are added a batch per animation frame, so a layer of 512 maps never blocks the page.
'use strict';

(() => {
  const BATCH = 64;
  const KERNEL_LAYERS = 2; // conv1_1 and relu1_1: their channel i is what conv1_1's kernel i found

  const $ = (id) => document.getElementById(id);
  const form = $('controls');
  const fileInput = $('image');
  const dropzone = $('dropzone');
  const dropzoneText = $('dropzone-text');
  const preview = $('preview');
  const layerSelect = $('layer');
  const results = $('results');
  const grid = $('grid');
  const summary = $('summary');
  const errorBox = $('error');
  const progress = $('progress');
  const progressText = $('progress-text');
  const empty = $('empty');
  const banner = $('model-banner');
  const montageButton = $('download-montage');
  const zipButton = $('download-zip');
  const viewer = $('viewer');
  const maxBytes = Number(form.dataset.maxBytes);

  const state = {
    file: null,
    previewUrl: null,
    run: 0,
    controller: null,
    timer: null,
    result: null, // { layer, maps, kernels, normalize, colormap } of the maps on show
    kernels: null, // Promise of Map(filter -> kernel)
    viewing: -1,
  };

  // ---------- small helpers ----------

  const formatNumber = (v) => {
    if (v === 0) return '0';
    const a = Math.abs(v);
    if (a >= 1e4 || a < 1e-3) return v.toExponential(2);
    return String(Number(v.toPrecision(3)));
  };

  const megabytes = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

  const el = (tag, props = {}, children = []) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key in node) node[key] = value;
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  };

  const selectedLayer = () => {
    const option = layerSelect.selectedOptions[0];
    return {
      name: option.value,
      index: Number(option.dataset.index),
      channels: Number(option.dataset.channels),
    };
  };

  const choice = (name) => form.querySelector(`input[name="${name}"]:checked`).value;

  const settings = () => ({ layer: selectedLayer(), normalize: choice('normalize'), colormap: choice('colormap') });

  const requestBody = ({ layer, normalize, colormap }) => {
    const body = new FormData();
    body.append('image', state.file, state.file.name || 'image');
    body.append('layer', layer.name);
    body.append('normalize', normalize);
    body.append('colormap', colormap);
    return body;
  };

  /** An Error whose message is what the server said, or plain words for what the status means. */
  const failure = async (response) => {
    let message = null;
    try {
      const body = await response.json();
      message = body && typeof body.error === 'string' ? body.error : null;
    } catch (ignored) {
      // not JSON: fall back to the status
    }
    if (!message) {
      message = {
        413: 'the image is larger than the server accepts',
        415: 'the file is not an image the server can read',
        503: 'the model is not ready yet',
      }[response.status] || `the server answered ${response.status} ${response.statusText}`.trim();
    }
    const error = new Error(message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.'));
    error.status = response.status;
    error.retryAfter = Number(response.headers.get('Retry-After')) || 0;
    return error;
  };

  const networkMessage = 'Could not reach the FeatureLens server. Check that it is running, then try again.';

  // ---------- status display ----------

  const showError = (message) => {
    errorBox.textContent = message;
    errorBox.hidden = false;
  };

  const clearError = () => {
    errorBox.hidden = true;
    errorBox.textContent = '';
  };

  const startProgress = (text) => {
    const started = performance.now();
    clearInterval(state.timer);
    const update = () => {
      progressText.textContent = `${text} ${((performance.now() - started) / 1000).toFixed(1)} s`;
    };
    update();
    state.timer = setInterval(update, 100);
    progress.hidden = false;
    results.setAttribute('aria-busy', 'true');
  };

  const setProgress = (text) => {
    clearInterval(state.timer);
    progressText.textContent = text;
    progress.hidden = false;
  };

  const stopProgress = () => {
    clearInterval(state.timer);
    progress.hidden = true;
    results.removeAttribute('aria-busy');
  };

  const setDownloadsEnabled = (enabled) => {
    montageButton.disabled = !enabled;
    zipButton.disabled = !enabled;
  };

  const clearResults = () => {
    state.result = null;
    grid.replaceChildren();
    delete grid.dataset.state;
    summary.textContent = '';
    setDownloadsEnabled(false);
  };

  // ---------- the model banner ----------

  const showModel = (model) => {
    banner.dataset.state = 'ready';
    banner.dataset.pretrained = model.pretrained === null ? 'unknown' : String(model.pretrained);
    const source = el('span', { className: 'banner-source', textContent: model.weights });
    if (model.pretrained === true) {
      banner.className = 'banner banner-ok';
      banner.replaceChildren(el('strong', { textContent: model.description + ' loaded:' }), ' ', source);
    } else if (model.pretrained === null) {
      banner.className = 'banner banner-wait';
      banner.replaceChildren(el('strong', { textContent: 'VGG16 with weights from' }), ' ', source,
        ': not known to be ImageNet-trained. Set ', el('code', { textContent: 'featurelens.model.description' }),
        ' to say what they are.');
    } else {
      banner.className = 'banner banner-warn';
      banner.replaceChildren(el('strong', { textContent: 'Untrained demo weights loaded' }), ' (', source,
        '): the maps show what random filters respond to, not what an ImageNet-trained VGG16 sees. Set ',
        el('code', { textContent: 'featurelens.model.weights' }), ' to a trained safetensors file to change that.');
    }
  };

  const watchModel = async () => {
    while (banner.dataset.state === 'loading') {
      try {
        const response = await fetch('/api/model');
        if (response.ok) {
          showModel(await response.json());
          return;
        }
      } catch (ignored) {
        // the server may be restarting: keep asking
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  };

  // ---------- conv1_1 kernels ----------

  const kernels = () => {
    if (!state.kernels) {
      state.kernels = fetch('/api/kernels')
        .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.status))))
        .then((body) => new Map(body.kernels.map((k) => [k.filter, k])))
        .catch(() => {
          state.kernels = null; // ask again next time; the maps are shown without patches meanwhile
          return new Map();
        });
    }
    return state.kernels;
  };

  // ---------- choosing an image ----------

  const setFile = (file) => {
    if (!file) return;
    state.file = file;
    if (state.previewUrl) URL.revokeObjectURL(state.previewUrl);
    state.previewUrl = URL.createObjectURL(file);
    preview.hidden = false;
    preview.alt = `Preview of ${file.name || 'the chosen image'}`;
    preview.src = state.previewUrl;
    dropzoneText.replaceChildren(el('strong', { textContent: file.name || 'Pasted image' }), ' · choose another');
    compute();
  };

  preview.addEventListener('error', () => {
    preview.hidden = true;
  });

  fileInput.addEventListener('change', () => setFile(fileInput.files[0]));

  const hasFiles = (event) => Array.from(event.dataTransfer?.types || []).includes('Files');
  ['dragenter', 'dragover'].forEach((type) => document.addEventListener(type, (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    dropzone.classList.add('dragging');
  }));
  document.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) dropzone.classList.remove('dragging');
  });
  document.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    dropzone.classList.remove('dragging');
    setFile(event.dataTransfer.files[0]);
  });
  document.addEventListener('paste', (event) => {
    const item = Array.from(event.clipboardData?.files || []).find((f) => f.type.startsWith('image/'));
    if (item) setFile(item);
  });

  form.addEventListener('change', (event) => {
    if (event.target !== fileInput) compute();
  });
  form.addEventListener('submit', (event) => event.preventDefault());

  // ---------- computing and showing the maps ----------

  async function compute() {
    if (!state.file) return;
    const run = ++state.run;
    state.controller?.abort();
    const controller = new AbortController();
    state.controller = controller;
    const current = settings();
    clearError();
    empty.hidden = true;

    if (state.file.size > maxBytes) {
      stopProgress();
      clearResults();
      showError(`“${state.file.name}” is ${megabytes(state.file.size)}; the limit is ${form.dataset.maxSize}.`);
      return;
    }

    startProgress(`Computing ${current.layer.channels} maps of ${current.layer.name}…`);
    setDownloadsEnabled(false);
    try {
      const wantsKernels = current.layer.index < KERNEL_LAYERS;
      const [response, kernelMap] = await Promise.all([
        fetch('/api/features', { method: 'POST', body: requestBody(current), signal: controller.signal }),
        wantsKernels ? kernels() : Promise.resolve(null),
      ]);
      if (!response.ok) throw await failure(response);
      const data = await response.json();
      if (run !== state.run) return;
      if (banner.dataset.state === 'loading') showModel(data.model);
      await render(data, current, kernelMap, run);
    } catch (error) {
      if (error.name === 'AbortError' || run !== state.run) return;
      if (error.status === 503) {
        const seconds = error.retryAfter || 3;
        setProgress(`${error.message} Trying again in ${seconds} s…`);
        setTimeout(() => { if (run === state.run) compute(); }, seconds * 1000);
        return;
      }
      stopProgress();
      clearResults();
      showError(error instanceof TypeError ? networkMessage : error.message);
    }
  }

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
    const meta = el('div', { className: 'tile-meta' }, [el('span', { className: 'tile-index', textContent: `#${map.filter}` })]);
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
    return el('li', { className: 'tile', dataset: { filter: String(map.filter) } }, [open, meta, stats]);
  };

  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

  async function render(data, current, kernelMap, run) {
    const layer = { ...current.layer, width: data.layer.width, height: data.layer.height };
    grid.replaceChildren();
    grid.dataset.state = 'rendering';
    grid.dataset.layer = layer.name;
    grid.classList.toggle('pixelated', layer.width <= 56);
    grid.setAttribute('aria-label', `${data.maps.length} feature maps of ${layer.name}`);
    state.result = { layer, maps: data.maps, kernels: kernelMap, normalize: data.normalize, colormap: data.colormap };

    for (let start = 0; start < data.maps.length; start += BATCH) {
      if (run !== state.run) return;
      const batch = document.createDocumentFragment();
      data.maps.slice(start, start + BATCH).forEach((map, i) =>
        batch.append(tile(map, start + i, layer, kernelMap?.get(map.filter))));
      grid.append(batch);
      if (start + BATCH < data.maps.length) {
        setProgress(`Drawing maps: ${start + BATCH} of ${data.maps.length}…`);
        await nextFrame();
      }
    }
    if (run !== state.run) return;
    stopProgress();
    grid.dataset.state = 'done';
    const t = data.timingsMs;
    summary.textContent = `${layer.name}: ${data.maps.length} maps of ${layer.width}×${layer.height}, `
      + `${data.normalize}, ${data.colormap}. Computed in ${Math.round(t.total)} ms (network ${Math.round(t.forward)} ms).`;
    setDownloadsEnabled(true);
  }

  // ---------- keyboard movement in the grid ----------

  const columns = () => getComputedStyle(grid).gridTemplateColumns.split(' ').filter(Boolean).length || 1;

  const focusTile = (position) => {
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
    focusTile(Number.isFinite(step) ? position + step : (step < 0 ? 0 : Number.MAX_SAFE_INTEGER));
  });

  grid.addEventListener('click', (event) => {
    const button = event.target.closest('.tile-open');
    if (button) openViewer(Number(button.dataset.position));
  });

  // ---------- the large view ----------

  const viewerStat = (name, value) => el('div', {}, [el('dt', { textContent: name }), el('dd', { textContent: value })]);

  function showInViewer(position) {
    const { layer, maps, kernels: kernelMap, normalize, colormap } = state.result;
    const map = maps[position];
    const kernel = kernelMap?.get(map.filter);
    state.viewing = position;
    $('viewer-title').textContent = `Filter ${map.filter} of ${layer.name} (${position + 1} of ${maps.length})`;
    const input = $('viewer-input');
    input.src = state.previewUrl;
    input.alt = `The input image, ${state.file.name || 'as chosen'}`;
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
    $('viewer-stats').replaceChildren(viewerStat('min', formatNumber(map.min)),
      viewerStat('max', formatNumber(map.max)), viewerStat('mean', formatNumber(map.mean)),
      viewerStat('normalisation', normalize), viewerStat('colour map', colormap));
    $('viewer-prev').disabled = position === 0;
    $('viewer-next').disabled = position === maps.length - 1;
  }

  function openViewer(position) {
    if (!state.result) return;
    showInViewer(position);
    if (!viewer.open) viewer.showModal();
  }

  const step = (delta) => {
    const next = state.viewing + delta;
    if (state.result && next >= 0 && next < state.result.maps.length) showInViewer(next);
  };

  $('viewer-close').addEventListener('click', () => viewer.close());
  $('viewer-prev').addEventListener('click', () => step(-1));
  $('viewer-next').addEventListener('click', () => step(1));
  viewer.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowLeft') { event.preventDefault(); step(-1); }
    if (event.key === 'ArrowRight') { event.preventDefault(); step(1); }
  });
  viewer.addEventListener('click', (event) => {
    if (event.target === viewer) viewer.close(); // a click on the backdrop
  });
  viewer.addEventListener('close', () => {
    if (state.viewing >= 0 && state.result) focusTile(state.viewing);
  });

  // ---------- downloads ----------

  const filenameOf = (response, fallback) => {
    const match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
    return match ? match[1] : fallback;
  };

  // Always the maps on show, whatever the form says now.
  async function download(button, url, fallbackName) {
    const shown = state.result;
    if (!state.file || !shown) return;
    const label = button.textContent;
    button.textContent = 'Preparing…';
    setDownloadsEnabled(false);
    clearError();
    try {
      const response = await fetch(url, { method: 'POST', body: requestBody(shown) });
      if (!response.ok) throw await failure(response);
      const blob = await response.blob();
      const link = el('a', { href: URL.createObjectURL(blob), download: filenameOf(response, fallbackName) });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    } catch (error) {
      showError(error instanceof TypeError ? networkMessage : `The download failed: ${error.message}`);
    } finally {
      button.textContent = label;
      setDownloadsEnabled(grid.dataset.state === 'done');
    }
  }

  montageButton.addEventListener('click', () => download(montageButton, '/api/montage', 'featurelens-montage.png'));
  zipButton.addEventListener('click', () => download(zipButton, '/api/maps.zip', 'featurelens-maps.zip'));

  watchModel();
})();
