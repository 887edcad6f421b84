import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';
import { LruMap } from '../cache/lru-map.ts';

type Row = Record<string, unknown>;

/**
 * The better-sqlite3 handle Kysely runs on, with prepared statements kept per SQL text. Kysely prepares every
 * query afresh, and compiling SQL is a large share of a small request's cost; the same few hundred statements
 * repeat. A statement still being iterated (a streamed export) is busy, so a second user of the same SQL gets a
 * fresh one rather than sharing it.
 */
export function withStatementCache(sqlite: SqliteDatabase, max = 500): KyselySqliteDatabase {
  const statements = new LruMap<string, RowStatement>(max);
  return {
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = new RowStatement(sqlite.prepare(sql));
      if (!cached) statements.set(sql, statement);
      return statement;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}

/**
 * A statement as Kysely's SQLite driver uses it, whose rows are read as arrays and made into objects here: for a
 * page of 100 rows of 20 columns that halves the cost of reading them (better-sqlite3 builds each row object
 * property by property in C++, the largest single cost of a list page in profiles). Rows are the same plain
 * objects, keyed by result column name in column order (a repeated name keeps the last value, as before).
 */
export class RowStatement implements SqliteStatement {
  readonly reader: boolean;
  private readonly toRow: RowMaker | undefined;

  constructor(private readonly statement: Statement) {
    this.reader = statement.reader;
    const names = statement.reader ? statement.columns().map((c) => c.name) : undefined;
    // A column named __proto__ would set the prototype when assigned; such a statement keeps object rows.
    if (names && !names.includes('__proto__')) {
      statement.raw(true);
      this.toRow = rowMaker(names);
    }
  }

  get busy(): boolean {
    return this.statement.busy;
  }

  all(parameters: readonly unknown[]): unknown[] {
    const rows = this.statement.all(parameters) as unknown[];
    const toRow = this.toRow;
    if (!toRow) return rows;
    for (let r = 0; r < rows.length; r++) rows[r] = toRow(rows[r] as unknown[]);
    return rows;
  }

  run(parameters: readonly unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint } {
    const each = parameters.length === 1 ? parameters[0] : undefined;
    if (each instanceof EachRow) return each.runOn(this.statement);
    return this.statement.run(parameters);
  }

  *iterate(parameters: readonly unknown[]): IterableIterator<unknown> {
    const toRow = this.toRow;
    for (const values of this.statement.iterate(parameters) as IterableIterator<unknown>) {
      yield toRow ? toRow(values as unknown[]) : values;
    }
  }
}

/**
 * The one parameter of a statement to run once per row (SQLite only): `CompiledQuery.raw('insert … values (?, ?)',
 * [new EachRow(rows)])` runs the prepared one-row statement for every row, synchronously, on the connection — and
 * in the transaction — the query builder is using, and answers the total of changes. Binding one row at a time to a
 * statement prepared once costs less than multi-row VALUES lists (profiled: 7.0 against 9.0 µs of CPU per
 * data_rows row) and says which rows an `on conflict do nothing` skipped.
 */
export class EachRow {
  /** Indexes of the rows that changed nothing (e.g. skipped by `on conflict do nothing`), after the run. */
  readonly unchanged: number[] = [];

  constructor(readonly rows: ReadonlyArray<readonly unknown[]>) {}

  runOn(statement: Statement): { changes: number; lastInsertRowid: number | bigint } {
    let changes = 0;
    let lastInsertRowid: number | bigint = 0;
    const rows = this.rows;
    for (let i = 0; i < rows.length; i++) {
      const result = statement.run(rows[i]);
      if (result.changes === 0) this.unchanged.push(i);
      else {
        changes += result.changes;
        lastInsertRowid = result.lastInsertRowid;
      }
    }
    return { changes, lastInsertRowid };
  }
}

type RowMaker = (values: readonly unknown[]) => Row;

/**
 * Makes rows of one statement's columns: an object literal with the names spelled out, compiled once per statement,
 * so every row has the same shape from its first property on. Assigning the names one by one from an array (as
 * before) went through a megamorphic keyed store per value, 11 % of a projects page (21 columns) in profiles.
 * A name repeated in the result keeps its last value, as assignment did.
 */
export function rowMaker(columns: readonly string[]): RowMaker {
  const last = new Map(columns.map((name, i) => [name, i]));
  const body = [...last].map(([name, i]) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the names are quoted with JSON.stringify
  return new Function('v', `return { ${body} };`) as RowMaker;
}
