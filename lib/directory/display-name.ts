/** A person's name; someone without one goes by their e-mail. */
export const displayName = (p: { firstName: string; lastName: string; preferredName?: string | null; email?: string | null }) =>
  `${p.preferredName || p.firstName} ${p.lastName}`.trim() || p.email || "(no name)";
