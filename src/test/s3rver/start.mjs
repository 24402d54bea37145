// Starts s3rver (a local S3-compatible server) for the tests: TestStores.s3() runs it.
// Usage: node --openssl-legacy-provider start.mjs <port, 0 = any free one> <data directory> <bucket>
// Prints "s3rver ready <port>" once it listens on 127.0.0.1, and exits when its stdin closes,
// so a test JVM that dies without running its shutdown hooks leaves no server behind.
// The legacy provider: s3rver encrypts ListObjectsV2 continuation tokens with DES, which Node's
// OpenSSL 3 refuses otherwise (HTTP 500 on every truncated listing, and S3A asks for max-keys=2).
import crypto from 'node:crypto';
import S3rver from 's3rver';

const [port, directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) {
  console.error('usage: node --openssl-legacy-provider start.mjs <port> <directory> <bucket>');
  process.exit(2);
}
try {
  crypto.createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
} catch (e) {
  console.error(`DES is unavailable (${e.message}): start node with --openssl-legacy-provider`);
  process.exit(2);
}

const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: true,
  configureBuckets: [{ name: bucket, configs: [] }],
});
const { port: listening } = await server.run();
console.log(`s3rver ready ${listening}`);

process.stdin.on('close', () => server.close().then(() => process.exit(0)));
process.stdin.resume();
