// The downloads: the montage as one PNG and every map as a ZIP, always of the maps on show.
import { $, el } from './dom.js';
import * as api from './api.js';

/** {@code shown()}: the maps on show, or null; {@code status}: where failures and retries are said. */
export function createDownloads({ shown, status }) {
  const buttons = [
    { button: $('download-montage'), url: '/api/montage', fallback: 'featurelens-montage.png' },
    { button: $('download-zip'), url: '/api/maps.zip', fallback: 'featurelens-maps.zip' },
  ];
  let ready = false;

  const enable = (enabled) => {
    ready = enabled;
    buttons.forEach(({ button }) => { button.disabled = !enabled; });
  };

  const download = async ({ button, url, fallback }) => {
    const maps = shown();
    if (!maps) return;
    const label = button.textContent;
    button.textContent = 'Preparing…';
    buttons.forEach((b) => { b.button.disabled = true; });
    status.clearError();
    try {
      const response = await api.request(url, {
        method: 'POST',
        body: api.featureForm(maps.file, maps),
        onRetry: ({ retry, of, seconds }) => {
          button.textContent = `Busy: retry ${retry} of ${of} in ${seconds.toFixed(1)} s…`;
          status.announce(`The server is busy; the download is tried again in ${seconds.toFixed(1)} s (retry ${retry} of ${of}).`);
        },
      });
      const blob = await response.blob();
      const link = el('a', { href: URL.createObjectURL(blob), download: api.attachmentName(response, fallback) });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    } catch (error) {
      status.error(error instanceof api.NetworkError ? error.message : `The download failed: ${error.message}`);
    } finally {
      button.textContent = label;
      enable(ready);
    }
  };

  buttons.forEach((entry) => entry.button.addEventListener('click', () => download(entry)));
  return { enable };
}
