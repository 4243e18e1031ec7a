// The banner that says which weights are loaded, and waits for them while the model loads.
import { $, el } from './dom.js';
import * as api from './api.js';

const banner = $('model-banner');

export const loading = () => banner.dataset.state === 'loading';

export function showModel(model) {
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
}

/** Asks every 2 s until the model is there; the server may be starting or restarting meanwhile. */
export async function watchModel() {
  while (loading()) {
    try {
      showModel(await api.model());
      return;
    } catch (ignored) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}
