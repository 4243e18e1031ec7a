// The JSON API, for every view of the page: requests, what their failures mean, and retries when busy.
import { sentence } from './dom.js';

/** How often a request refused with 503 (busy, or the model loading) is tried again before giving up. */
export const MAX_RETRIES = 4;
const FIRST_DELAY_MS = 500;
const LONGEST_DELAY_MS = 15000;

/** The server answered, with an error. */
export class ApiError extends Error {
  constructor(message, status, retryAfterSeconds) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** No answer at all: the server is down or the network is gone. */
export class NetworkError extends Error {
  constructor() {
    super('Could not reach the FeatureLens server. Check that it is running, then try again.');
    this.name = 'NetworkError';
  }
}

const STATUS_WORDS = {
  413: 'the image is larger than the server accepts',
  415: 'the file is not an image the server can read',
  503: 'the server is busy',
};

const apiError = async (response) => {
  let message = null;
  try {
    const body = await response.json();
    message = body && typeof body.error === 'string' && body.error ? body.error : null;
  } catch (ignored) {
    // not JSON: the status says what happened
  }
  message ||= STATUS_WORDS[response.status] || `the server answered ${response.status} ${response.statusText}`.trim();
  return new ApiError(sentence(message), response.status, Number(response.headers.get('Retry-After')) || 0);
};

/** Exponential backoff from FIRST_DELAY_MS, never shorter than Retry-After, plus up to half again at random. */
export const retryDelayMs = (retry, retryAfterSeconds) => {
  const base = Math.min(LONGEST_DELAY_MS, Math.max(retryAfterSeconds * 1000, FIRST_DELAY_MS * 2 ** retry));
  return Math.round(base * (1 + Math.random() / 2));
};

const pause = (ms, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => {
    clearTimeout(timer);
    reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
  }, { once: true });
});

/**
 * A successful response to {@code url}, or an ApiError or NetworkError. A 503 is tried again up to MAX_RETRIES
 * times; before each wait {@code onRetry({ retry, of, seconds, message })} is told, so the page can say so.
 */
export async function request(url, { method = 'GET', body, signal, onRetry } = {}) {
  for (let retry = 0; ; retry++) {
    let response;
    try {
      response = await fetch(url, { method, body, signal });
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new NetworkError();
    }
    if (response.ok) return response;
    const error = await apiError(response);
    if (error.status !== 503 || retry === MAX_RETRIES) {
      if (error.status === 503) error.message += ` Gave up after ${MAX_RETRIES} retries; try again later.`;
      throw error;
    }
    const delay = retryDelayMs(retry, error.retryAfterSeconds);
    onRetry?.({ retry: retry + 1, of: MAX_RETRIES, seconds: delay / 1000, message: error.message });
    await pause(delay, signal);
  }
}

/** The response's JSON; a body that is not JSON is the server's fault, not the network's. */
export async function json(response) {
  try {
    return await response.json();
  } catch (error) {
    throw new ApiError('The server sent an answer the page cannot read.', response.status, 0);
  }
}

/** What the page says about a failed request: the server's message, or that it could not be reached. */
export const failure = (error) => (error instanceof ApiError || error instanceof NetworkError ? error.message
  : `Something went wrong in the page: ${error.message}`);

const given = (fields) => Object.entries(fields).filter(([, value]) => value !== null && value !== undefined);

/** A multipart form of {@code fields} (and the image, when there is one); a field that is null or undefined is left out. */
const form = (fields, file) => {
  const body = new FormData();
  if (file) body.append('image', file, file.name || 'image');
  given(fields).forEach(([name, value]) => body.append(name, String(value)));
  return body;
};
const imageForm = (file, fields) => form(fields, file);

/** The multipart form of the feature endpoints: the image and the layer, normalisation and colour map. */
export const featureForm = (file, { layer, normalize, colormap }) =>
  imageForm(file, { layer: layer.name, normalize, colormap });

export const features = async (file, settings, options) =>
  json(await request('/api/features', { method: 'POST', body: featureForm(file, settings), ...options }));

/** The {@code top} most likely classes, highest first. */
export const predict = async (file, top, options) =>
  json(await request('/api/predict', { method: 'POST', body: imageForm(file, { top }), ...options }));

/** One explanation: {@code fields} are method, class, layer and filter, each optional. */
export const explain = async (file, fields, options) =>
  json(await request('/api/explain', { method: 'POST', body: imageForm(file, fields), ...options }));

/** The visualisation made for {@code fields} (layer, filter, steps, seed), from the cache or the atlas; null when none is. */
export async function findVisualization(fields, options) {
  try {
    return await json(await request(`/api/visualizations?${new URLSearchParams(given(fields))}`, options));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Starts the visualisation of {@code fields}, or finds it made: the job, with its href. */
export const visualize = async (fields, options) =>
  json(await request('/api/visualizations', { method: 'POST', body: form(fields), ...options }));

/** A visualisation job as it is now. */
export const visualization = async (href, options) => json(await request(href, options));

export const model = async () => json(await request('/api/model'));

export const kernels = async () => json(await request('/api/kernels'));

/** The file name the server gives an attachment, else {@code fallback}. */
export const attachmentName = (response, fallback) => {
  const match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
  return match ? match[1] : fallback;
};
