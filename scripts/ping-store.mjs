// Exits 0 when the MongoDB-wire store at argv[2] answers `ping`, 1 otherwise (within a few seconds: a FerretDB
// whose backend pool is exhausted accepts connections and then never answers, see STORE-NOTES.md).
import { MongoClient } from 'mongodb';

setTimeout(() => process.exit(1), 5000).unref();
const client = new MongoClient(process.argv[2], { serverSelectionTimeoutMS: 1500, connectTimeoutMS: 1500, socketTimeoutMS: 3000 });
try {
  await client.connect();
  await client.db('admin').command({ ping: 1 });
  process.exit(0);
} catch {
  process.exit(1);
} finally {
  await client.close().catch(() => {});
}
