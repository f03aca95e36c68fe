import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../tables.ts';

/** Column types that differ between the databases; migrations build tables with these. */
export interface ColumnTypes {
  timestamp: 'text' | 'timestamptz';
  json: 'text' | 'jsonb';
  bool: 'integer' | 'boolean';
}

/**
 * Everything that differs between SQLite and PostgreSQL, in one small object chosen once from the
 * connection URL. Nothing outside store/dialects/ asks which database it is on.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  readonly types: ColumnTypes;
  /** Value to bind for a boolean column. */
  bool(v: boolean): boolean | number;
  /** Case-insensitive LIKE operator. */
  readonly ilike: 'like' | 'ilike';
  isUniqueViolation(e: unknown): boolean;
  /** Whether claims can use FOR UPDATE SKIP LOCKED (PostgreSQL); SQLite serializes writers instead. */
  readonly skipLocked: boolean;
  /** A bound value typed for a SELECT list (PostgreSQL cannot infer the type of a bare parameter there). */
  typed(value: string | number, type: 'text' | 'integer' | 'timestamp'): RawBuilder<unknown>;
  isForeignKeyViolation(e: unknown): boolean;
  /**
   * The first day (`YYYY-MM-DD`, UTC) of the day or ISO week (Monday) holding a timestamp column:
   * SQLite stores timestamps as ISO text and uses date() modifiers, PostgreSQL truncates timestamptz.
   */
  dateBucket(column: string, interval: 'day' | 'week'): RawBuilder<string>;
  /** The hour (`YYYY-MM-DDTHH`, UTC) holding a timestamp column, for the hourly rollups. */
  hourBucket(column: string): RawBuilder<string>;
}

export interface ConnectOptions {
  /** Called with the SQL of every query run (tests snapshot it). */
  onQuery?: (sql: string, durationMs: number) => void;
}

export interface Connection {
  db: Kysely<Database>;
  dialect: Dialect;
  /** A one-line description for logs, without credentials. */
  describe: string;
}
