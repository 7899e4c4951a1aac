// The data every example is run against, and the servers' addresses. The
// ports, users and passwords are the ones scripts/servers.sh starts with.
export const DATA = {
  mysqlOrders: 200_000, // shop.orders in MariaDB: more rows than the socket buffers hold
  mysqlUsers: 1_000, // shop.users in MariaDB
  pgEvents: 20_000, // events in PostgreSQL
  pgOrders: 5_000, // orders in PostgreSQL (COPY)
  pgAuditPerUser: 1_000, // audit rows of each of the users 1 to 5
  pgUsers: 10,
  redisSessions: 2_000, // session:* keys, one of them session:admin:1
  redisCache: 1_500, // cache:* keys
  sqliteOrders: 1_000,
  httpBodyBytes: 64 * 1024 * 1024, // the large body of the HTTP server
  fileLines: 2_000, // lines of the log and CSV files
};

/** The variables the examples and their drivers read, from the environment or scripts/servers.sh's defaults. */
export function serverEnv(env = process.env) {
  const pgPort = env.PG_PORT ?? '55432';
  const mysqlPort = env.MYSQL_PORT ?? '33306';
  const redisPort = env.REDIS_PORT ?? '36379';
  return {
    PGHOST: env.PGHOST ?? '127.0.0.1',
    PGPORT: env.PGPORT ?? pgPort,
    PGUSER: env.PGUSER ?? 'app',
    PGPASSWORD: env.PGPASSWORD ?? 'app',
    PGDATABASE: env.PGDATABASE ?? 'shop',
    DATABASE_URL: env.DATABASE_URL ?? `postgres://app:app@127.0.0.1:${pgPort}/shop`,
    MYSQL_URL: env.MYSQL_URL ?? `mysql://app:app@127.0.0.1:${mysqlPort}/shop`,
    REDIS_URL: env.REDIS_URL ?? `redis://127.0.0.1:${redisPort}`,
  };
}
