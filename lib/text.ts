/**
 * Text PostgreSQL can store and people can read: no NUL or other control characters (a tab or line break becomes a
 * space) and no lone UTF-16 surrogates (each becomes U+FFFD). Everything that comes from outside and is stored goes
 * through here: BambooHR's fields at the boundary, and messages that may quote them.
 */

// C0 and C1 controls and DEL, and any surrogate (a well-formed pair is kept by the slow path).
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/;
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const BREAKS = /[\t\n\r]/g;

/** The text made storable, and whether anything had to change. */
export function cleanText(text: string): { text: string; changed: boolean } {
  if (!SUSPECT.test(text)) return { text, changed: false };
  const cleaned = text.toWellFormed().replace(CONTROLS, "").replace(BREAKS, " ");
  return { text: cleaned, changed: cleaned !== text };
}

/** A message to store (an error, a reason): made storable, whatever it quotes. */
export const storable = (message: string) => cleanText(message).text;
