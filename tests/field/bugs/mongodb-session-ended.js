// Reported: https://openillumi.com/en/en-fix-mongodb-session-ended-error-async-await
// (the MongoDB Atlas quick-start code, as asked about on Q&A sites)
// Library: mongodb 3.x
// Symptom (as reported): "MongoError: Cannot use a session that has ended":
// `client.close()` runs before the `find().toArray()` it follows has finished.
const MongoClient = require('mongodb').MongoClient;
const uri = 'mongodb+srv://user:password@cluster0.example.net/test'; // reconstructed
const client = new MongoClient(uri, { useNewUrlParser: true });

client.connect((err) => {
  const collection = client.db('test').collection('devices');
  collection.find({}).toArray((err, result) => { // expect: no-iterator-outlives-pool/stillReading
    if (err) throw err;
    console.log(result);
  });
  client.close();
});
