// What the page is doing: a progress line with a ticking clock, one announcement per change of phase for
// screen readers (the clock stays out of the live region), and errors.
import { $ } from './dom.js';

/** The elements of one view, by id: {@code prefix} + progress, progress-text, progress-elapsed, status, error, results. */
export function createStatus(prefix = '') {
  const progress = $(`${prefix}progress`);
  const text = $(`${prefix}progress-text`);
  const elapsed = $(`${prefix}progress-elapsed`);
  const live = $(`${prefix}status`);
  const errorBox = $(`${prefix}error`);
  const results = $(`${prefix}results`);
  let timer = null;

  const tick = (started) => {
    elapsed.textContent = `${((performance.now() - started) / 1000).toFixed(1)} s`;
  };

  const stopClock = () => {
    clearInterval(timer);
    timer = null;
    elapsed.textContent = '';
  };

  /** Shows {@code message} and, unless it is the same as before, announces it once. */
  const say = (message) => {
    text.textContent = message;
    if (live.textContent !== message) live.textContent = message;
    progress.hidden = false;
  };

  return {
    /** A new phase that takes a while: its message, and a clock from now. */
    start(message) {
      stopClock();
      say(message);
      const started = performance.now();
      tick(started);
      timer = setInterval(() => tick(started), 100);
      results.setAttribute('aria-busy', 'true');
    },
    /** A new phase without a clock. */
    say(message) {
      stopClock();
      say(message);
    },
    /** Tells screen readers without showing progress. */
    announce(message) {
      live.textContent = message;
    },
    stop() {
      stopClock();
      progress.hidden = true;
      live.textContent = '';
      results.removeAttribute('aria-busy');
    },
    error(message) {
      errorBox.textContent = message;
      errorBox.hidden = false;
    },
    clearError() {
      errorBox.hidden = true;
      errorBox.textContent = '';
    },
  };
}
