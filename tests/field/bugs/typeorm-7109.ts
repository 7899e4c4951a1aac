// Reported: https://github.com/typeorm/typeorm/issues/7109 (fixed by
// https://github.com/typeorm/typeorm/pull/7185)
// Library: typeorm 0.2.26 with postgres
// Symptom (as reported): `selectQueryBuilder.stream()` no longer releases its
// connection; after ten streams every database operation blocks.
// field: fixed-upstream
// typeorm released the query runner too early and then never; since 0.2.30 the
// stream releases it when it ends. Piping the stream to its end is the idiom.
import { pipeline } from 'node:stream/promises';
import { getConnection } from 'typeorm';

export async function exportUsers(out: NodeJS.WritableStream) { // reconstructed
  const stream = await getConnection().getRepository('User').createQueryBuilder('user').stream(); // reconstructed
  await pipeline(stream, out); // reconstructed
} // reconstructed
