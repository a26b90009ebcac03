/**
 * Security requirements are alternatives (any one will do), each needing all of its schemes
 * with their scopes. A client that met an old alternative still gets in when some new
 * alternative asks for no more schemes and no more scopes; otherwise the change is stricter.
 *
 * @typedef {Record<string, string[]>} Requirement
 */

/** @returns {Requirement[]} the operation's requirements; none means anonymous access */
export function effectiveSecurity(/** @type {any} */ doc, /** @type {any} */ operation) {
  const requirements = operation.security ?? doc.security ?? [];
  return requirements.length === 0 ? [{}] : requirements;
}

/** Does meeting `held` also meet `wanted`? */
const satisfies = (/** @type {Requirement} */ held, /** @type {Requirement} */ wanted) =>
  Object.entries(wanted).every(
    ([scheme, scopes]) => scheme in held && scopes.every((s) => held[scheme]?.includes(s)),
  );

const label = (/** @type {Requirement} */ r) =>
  Object.keys(r).length === 0
    ? 'anonymous'
    : Object.entries(r)
        .map(([scheme, scopes]) => (scopes.length ? `${scheme} [${scopes.join(', ')}]` : scheme))
        .join(' + ');

/**
 * @param {Requirement[]} before
 * @param {Requirement[]} after
 * @returns {{ breaking: boolean, message: string }[]}
 */
export function diffSecurity(before, after) {
  const lost = before.filter((held) => !after.some((wanted) => satisfies(held, wanted)));
  const gained = after.filter((held) => !before.some((wanted) => satisfies(held, wanted)));
  return [
    ...lost.map((r) => ({
      breaking: true,
      message: `security stricter: ${label(r)} no longer enough`,
    })),
    ...gained.map((r) => ({
      breaking: false,
      message: `security relaxed: ${label(r)} now enough`,
    })),
  ];
}
