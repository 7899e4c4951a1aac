// Reported: https://github.com/aws/aws-sdk-js-v3/issues/6691
// Library: @aws-sdk/client-s3 3.x
// Symptom (as reported): "S3 GetObjectCommand leaks sockets if the body is
// never read": later requests fail "Socket not available within 5000ms" and
// the sockets never free up (a GetObject was used where a HeadObject was meant).
// field: out-of-scope a response body that is never read nor destroyed, with no close at all: the client's sockets run out
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

const client = new S3Client({}); // reconstructed

export async function sizeOf(Bucket: string, Key: string) { // reconstructed
  const out = await client.send(new GetObjectCommand({ Bucket, Key })); // expect: no-iterator-outlives-pool/leftOpen // reconstructed
  return out.ContentLength; // reconstructed
} // reconstructed
