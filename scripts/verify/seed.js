// Fills the servers with the data the examples read (tables dropped and made
// anew, so a run starts from the same state every time).
import mysql from 'mysql2/promise';
import pg from 'pg';
import Redis from 'ioredis';
import { DATA } from './data.js';

export async function seedPostgres(env) {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`
      DROP TABLE IF EXISTS events, audit, orders, users;
      CREATE TABLE events (id serial PRIMARY KEY, created_at timestamptz NOT NULL, payload text NOT NULL);
      INSERT INTO events (created_at, payload)
        SELECT now() - interval '1 day' + g * interval '1 second', 'event ' || g FROM generate_series(1, ${DATA.pgEvents}) g;
      CREATE TABLE audit (id serial PRIMARY KEY, user_id int NOT NULL, at timestamptz NOT NULL, action text NOT NULL);
      INSERT INTO audit (user_id, at, action)
        SELECT 1 + g % 5, now() - interval '1 day' + g * interval '1 second', 'action ' || g
        FROM generate_series(1, ${5 * DATA.pgAuditPerUser}) g;
      CREATE TABLE orders (id serial PRIMARY KEY, total int NOT NULL);
      INSERT INTO orders (total) SELECT g % 100 FROM generate_series(1, ${DATA.pgOrders}) g;
      CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL);
      INSERT INTO users (name) SELECT 'user ' || g FROM generate_series(1, ${DATA.pgUsers}) g;
    `);
  } finally {
    await client.end();
  }
}

export async function seedMysql(env) {
  const conn = await mysql.createConnection({ uri: env.MYSQL_URL, multipleStatements: true });
  try {
    await conn.query(`
      CREATE DATABASE IF NOT EXISTS shop;
      DROP TABLE IF EXISTS shop.orders, shop.users;
      CREATE TABLE shop.orders (id int PRIMARY KEY, total int NOT NULL, note varchar(64) NOT NULL);
      INSERT INTO shop.orders SELECT seq, seq % 100, CONCAT('order number ', seq) FROM seq_1_to_${DATA.mysqlOrders};
      CREATE TABLE shop.users (id int PRIMARY KEY, email varchar(64) NOT NULL);
      INSERT INTO shop.users SELECT seq, CONCAT('user', seq, '@example.com') FROM seq_1_to_${DATA.mysqlUsers};
    `);
  } finally {
    await conn.end();
  }
}

export async function seedRedis(env) {
  const redis = new Redis(env.REDIS_URL);
  try {
    await redis.flushdb();
    const pipeline = redis.pipeline();
    for (let i = 1; i < DATA.redisSessions; i += 1) pipeline.set(`session:user:${String(i)}`, '1');
    pipeline.set('session:admin:1', '1');
    for (let i = 1; i <= DATA.redisCache; i += 1) pipeline.set(`cache:${String(i)}`, '1');
    await pipeline.exec();
  } finally {
    await redis.quit();
  }
}
