import { sql } from "drizzle-orm";

/**
 * A UUID version 7 made by PostgreSQL (15 has no `uuidv7()`): the creation time in milliseconds, then random bits. Rows
 * written one after another get ids in order, so their primary key (and any index led by it) grows at its right edge
 * instead of at random places, which keeps a large first sync's index upkeep low. The id shows when the row was made,
 * which the row says anyway.
 */
export const timeOrderedId = sql`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`;
