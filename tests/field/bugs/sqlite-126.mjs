// Reported: https://github.com/kriasoft/node-sqlite/issues/126
// Library: sqlite (the promise wrapper) 4.x over sqlite3
// Symptom (as reported): `await db.close()` fails "SQLITE_BUSY: unable to close
// due to unfinalized statements or unfinished backups".
// field: out-of-scope a prepared statement left unfinalized at a strict close
import { open } from 'sqlite';
import { Database } from 'sqlite3';

(async function () {
  const db = await open({
    filename: './base.db',
    driver: Database,
  });

  const result = await db
    .prepare('insert into user(nickname, email, age, gender, role) values (?, ?, ?, ?, ?);') // expect: no-iterator-outlives-pool/leftOpen
    .then((statment) => {
      return statment.run(['zhanshang', 'test@local.com', 18, 1, 'ADMIN']);
    });

  console.log('result=>', result);

  try {
    await db.close();
  } catch (e) {
    console.error(e);
  }
})();
