// Reads a sweep directory's Parquet tables with DuckDB and prints, as JSON, what
// SweepEndToEndTest compares with Spark's reading: each table's columns and types, every trial
// row, and every history row's key and validation loss. Usage: node read.mjs <sweep directory>
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
const connection = await (await DuckDBInstance.create(':memory:')).connect();
const table = (name) => `read_parquet('${dir.replaceAll("'", "''")}/${name}/*.parquet')`;
const rows = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson();
const columns = async (name) => (await rows(`describe select * from ${table(name)}`))
  .map((c) => `${c.column_name}:${c.column_type}`);

console.log(JSON.stringify({
  trialColumns: await columns('trials'),
  historyColumns: await columns('histories'),
  trials: await rows(`select trial_id, status, epochs_run, best_epoch, best_val_loss, error from ${table('trials')} order by trial_id`),
  histories: await rows(`select trial_id, epoch, val_loss from ${table('histories')} where isfinite(val_loss) order by trial_id, epoch`),
}));
