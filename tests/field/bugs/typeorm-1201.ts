// Reported: https://github.com/typeorm/typeorm/issues/1201 (labelled bug)
// Library: typeorm 0.1.x
// Symptom (as reported): with a pool of one connection, a query after
// `connection.runMigrations()` "is blocked and never executes": the migration
// executor never released its query runner.
// field: fixed-upstream
// Fixed in 0.1.5 (the reporter: "it has resolved my issue"). Running the
// migrations, then querying, then closing, is the idiom.
import { createConnection } from 'typeorm';

async function main() { // reconstructed
  const connection = await createConnection({ type: 'postgres', extra: { max: 1 } }); // reconstructed
  await connection.runMigrations();
  const rows = await connection.query('SELECT 1'); // reconstructed
  console.log(rows); // reconstructed
  await connection.close();
} // reconstructed

main(); // reconstructed
