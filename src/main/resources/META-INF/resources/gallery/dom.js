// Small DOM helpers shared by the gallery's modules.

export const $ = (id) => document.getElementById(id);

/** A new element with properties (or attributes, or dataset entries) and children. */
export const el = (tag, props = {}, children = []) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
};

/** Three significant digits, or exponent notation for very large and very small values. */
export const formatNumber = (v) => {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
};

export const megabytes = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

export const sentence = (text) => text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?…]$/.test(text) ? '' : '.');
