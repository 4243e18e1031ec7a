// Choosing the image: the file picker, dropping a file anywhere on the page, or pasting one.
import { $, el } from './dom.js';

/** Calls {@code onImage(file, previewUrl)} for every image chosen, and previews it. */
export function watchImageInput(onImage) {
  const fileInput = $('image');
  const dropzone = $('dropzone');
  const dropzoneText = $('dropzone-text');
  const preview = $('preview');
  let previewUrl = null;

  const choose = (file) => {
    if (!file) return;
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = URL.createObjectURL(file);
    preview.hidden = false;
    preview.alt = `Preview of ${file.name || 'the chosen image'}`;
    preview.src = previewUrl;
    dropzoneText.replaceChildren(el('strong', { textContent: file.name || 'Pasted image' }), ' · choose another');
    onImage(file, previewUrl);
  };

  preview.addEventListener('error', () => {
    preview.hidden = true;
  });
  fileInput.addEventListener('change', () => choose(fileInput.files[0]));

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
    choose(event.dataTransfer.files[0]);
  });
  document.addEventListener('paste', (event) => {
    const item = Array.from(event.clipboardData?.files || []).find((f) => f.type.startsWith('image/'));
    if (item) choose(item);
  });
}
