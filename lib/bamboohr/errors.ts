// Typed BambooHR failures. Each carries a message an admin can act on; none ever carries the API key.
export const BAMBOO_ERROR_KINDS = [
  "invalid_subdomain",
  "invalid_key",
  "no_permission",
  "company_not_found",
  "rate_limited",
  "server_error",
  "network",
  "malformed_response",
  "bad_request",
] as const;
export type BambooErrorKind = (typeof BAMBOO_ERROR_KINDS)[number];

export class BambooError extends Error {
  constructor(
    readonly kind: BambooErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Can a later attempt succeed without anyone changing anything? */
  get retryable(): boolean {
    // A maintenance page or a body cut short is BambooHR having a bad moment, like a 5xx.
    return this.kind === "rate_limited" || this.kind === "server_error" || this.kind === "network" || this.kind === "malformed_response";
  }

  /** The spec's "fails to connect": counted towards the integration's error state. */
  get isConnectionFailure(): boolean {
    return ["invalid_key", "no_permission", "company_not_found", "rate_limited", "server_error", "network", "malformed_response"].includes(
      this.kind,
    );
  }
}

export class BambooInvalidSubdomainError extends BambooError {
  constructor() {
    super(
      "invalid_subdomain",
      'The subdomain must be the "companyname" part of https://companyname.bamboohr.com: letters, digits and hyphens only.',
    );
  }
}

export class BambooAuthError extends BambooError {
  constructor(detail?: string) {
    super(
      "invalid_key",
      `BambooHR rejected the API key${detail ? ` (${detail})` : ""}. Check the key on BambooHR's API Keys page, or create a new one.`,
      401,
    );
  }
}

export class BambooPermissionError extends BambooError {
  constructor() {
    super(
      "no_permission",
      "The API key has no permission for this. Ask a BambooHR admin to give its owner access to employee data, or use a key of a user who has it.",
      403,
    );
  }
}

export class BambooNotFoundError extends BambooError {
  constructor() {
    super("company_not_found", 'BambooHR knows no company at this subdomain. Check the "companyname" part of your BambooHR address.', 404);
  }
}

export class BambooRateLimitError extends BambooError {
  constructor(
    status: number,
    readonly retryAfterMs: number | null,
  ) {
    super("rate_limited", "BambooHR is limiting the rate of requests. The sync will try again later.", status);
  }
}

export class BambooServerError extends BambooError {
  constructor(status: number) {
    super("server_error", `BambooHR answered with a server error (HTTP ${status}). This is usually temporary.`, status);
  }
}

export class BambooNetworkError extends BambooError {
  constructor(
    readonly timedOut: boolean,
    silentSeconds?: number,
  ) {
    super(
      "network",
      timedOut
        ? `BambooHR did not answer, or stopped sending its answer, for ${silentSeconds ?? "too many"} seconds. The sync will try again later; if this keeps happening, check BambooHR's status, or raise BAMBOOHR_TIMEOUT_MS.`
        : "Could not reach BambooHR (network error). Check the server's connection to api.bamboohr.com.",
    );
  }
}

/** An answer that kept arriving, too slowly to finish within BAMBOOHR_DOWNLOAD_LIMIT_MS: not retried within the run. */
export class BambooTooSlowError extends BambooError {
  constructor(limitMs: number, receivedBytes: number) {
    super(
      "network",
      `BambooHR's answer was still arriving after ${formatDuration(limitMs)} (${(receivedBytes / 1_048_576).toFixed(1)} MB received), so this sync stopped waiting for it and changed nothing. The next sync tries again; if this keeps happening, check the server's connection to BambooHR, or raise BAMBOOHR_DOWNLOAD_LIMIT_MS.`,
    );
  }

  override get retryable(): boolean {
    return false;
  }
}

function formatDuration(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} seconds`;
}

export class BambooMalformedResponseError extends BambooError {
  constructor(detail: string) {
    super("malformed_response", `BambooHR sent a response Roster could not read (${detail}).`);
  }
}

export class BambooBadRequestError extends BambooError {
  constructor(status: number, detail?: string) {
    super("bad_request", `BambooHR refused the request (HTTP ${status}${detail ? `: ${detail}` : ""}).`, status);
  }
}
