import { BambooInvalidSubdomainError } from "./errors";

const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The company subdomain goes into a URL, so it is checked strictly before any request (SSRF guard):
 * 1-63 of a-z, 0-9 and "-", not starting or ending with "-"; case-folded.
 */
export function validateSubdomain(input: string): string {
  const folded = input.trim().toLowerCase();
  if (!SUBDOMAIN.test(folded)) throw new BambooInvalidSubdomainError();
  return folded;
}

/** What an admin pastes: "acme", "acme.bamboohr.com" or "https://acme.bamboohr.com/anything" all give "acme". */
export function extractSubdomain(input: string): string {
  const text = input.trim();
  const match = /^(?:https?:\/\/)?([^/.\s]+)\.bamboohr\.com(?:[/?#].*)?$/i.exec(text);
  return (match ? match[1] : text).toLowerCase();
}
