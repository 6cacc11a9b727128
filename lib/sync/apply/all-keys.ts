/**
 * The keys of T in a fixed order, every one of them: a field added to T and not to the list fails to compile, instead
 * of being dropped (and written as empty) where records are stored as arrays of their values.
 */
export const allKeysOf =
  <T>() =>
  <const K extends ReadonlyArray<keyof T>>(keys: K & (Exclude<keyof T, K[number]> extends never ? unknown : never)): K =>
    keys;
