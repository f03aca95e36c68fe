import { v7 } from 'uuid';

/** A new record id: a UUIDv7, so ids sort by creation time (DESIGN §3). */
export function newId(): string {
  return v7();
}
