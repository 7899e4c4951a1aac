// Reported: https://github.com/knex/knex/issues/615
// Library: knex 0.7 with pg
// Symptom (as reported): when a client cancels the download, the piped query
// stream is never ended; the query stays in pg_stat_activity and holds its
// connection. "When you reach connection pool max value - no new database
// request can be made and they will be queued."
// field: out-of-scope a stream whose consumer goes away (the request is aborted) and that nothing destroys; no close in the code at all
app.use('/', function (req, res) {
  var inputStream = knex('items').orderBy('updated_at', 'asc').select('*').stream(); // expect: no-iterator-outlives-pool
  res.attachment('items.csv');
  var transformStream = csv.createWriteStream({
    headers: true,
  });
  inputStream.pipe(transformStream).pipe(res);
});
