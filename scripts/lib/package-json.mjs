/**
 * Rewrites a package.json after changing string values in it, keeping the file's own layout
 * (Biome's and changesets' formatting) by replacing only the changed values in the text.
 * The result is parsed back and compared with the intended manifest; when the layout defeats
 * the textual edit, the manifest is re-serialized instead, so the content is always right.
 */
import { isDeepStrictEqual } from 'node:util';

export const DEPENDENCY_SECTIONS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
];

const escapeRegExp = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Replaces the first `"key": "from"` at or after `start` (and before `end`) with `to`. */
function replaceValue(
  /** @type {string} */ text,
  /** @type {string} */ key,
  /** @type {string} */ from,
  /** @type {string} */ to,
  start = 0,
  end = text.length,
) {
  const pattern = new RegExp(`("${escapeRegExp(key)}"\\s*:\\s*)"${escapeRegExp(from)}"`);
  const m = pattern.exec(text.slice(start, end));
  if (!m) return text;
  const at = start + m.index;
  return `${text.slice(0, at)}${m[1]}${JSON.stringify(to)}${text.slice(at + m[0].length)}`;
}

/** Where a dependency section's object starts and ends in the text (sections are flat). */
function sectionBounds(/** @type {string} */ text, /** @type {string} */ section) {
  const m = new RegExp(`"${section}"\\s*:\\s*\\{`).exec(text);
  if (!m) return undefined;
  const start = m.index + m[0].length;
  return [start, text.indexOf('}', start)];
}

/**
 * @param {string} text the manifest as read
 * @param {any} next the manifest as it should be: JSON.parse(text) with some strings changed
 * @returns {string}
 */
export function rewriteManifest(text, next) {
  const before = JSON.parse(text);
  let out = text;
  if (before.version !== next.version)
    out = replaceValue(out, 'version', before.version, next.version);
  for (const section of DEPENDENCY_SECTIONS) {
    for (const [name, range] of Object.entries(next[section] ?? {})) {
      const old = before[section]?.[name];
      const bounds = sectionBounds(out, section);
      if (old !== range && bounds) out = replaceValue(out, name, old, range, ...bounds);
    }
  }
  if (isDeepStrictEqual(JSON.parse(out), next)) return out;
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? 2;
  return `${JSON.stringify(next, null, indent)}\n`;
}
