import type { Config } from './config/env.ts';
import type { Services } from './container.ts';
import { createServices } from './container.ts';
import type { Connection } from './store/db.ts';
import { connect } from './store/db.ts';
import { migrateToLatest } from './store/migrate.ts';

export interface Booted {
  services: Services;
  conn: Connection;
  /** Migrations applied by this start. */
  migrated: string[];
  close(): Promise<void>;
}

/** The one start-up sequence shared by the server and the CLI: connect, migrate, wire. */
export async function boot(config: Config, opts: { migrate?: boolean } = {}): Promise<Booted> {
  const conn = connect(config.dbUrl);
  let migrated: string[] = [];
  try {
    if (opts.migrate !== false) migrated = await migrateToLatest(conn);
  } catch (e) {
    await conn.db.destroy();
    throw e;
  }
  return { services: createServices(config, conn), conn, migrated, close: () => conn.db.destroy() };
}
