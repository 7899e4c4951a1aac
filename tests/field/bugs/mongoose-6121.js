// Reported: https://github.com/Automattic/mongoose/issues/6121
// Library: mongoose 5.0
// Symptom (as reported): closing the connection at the end of the
// `insertMany()` callback throws "topology was destroyed" (most times, not
// every time). The model made with `mongoose.model` still builds its indexes in
// the background when the connection closes.
// field: out-of-scope a background operation that a model starts when it is made (index builds), cut by the close
let mongoose = require('mongoose');
const languageSchema = require('../mongoose/language.schema.js').Language;
const langs = require('./languages3.json');

mongoose.connect('mongodb://my.host.name/database');
let db = mongoose.connection;
let Language = mongoose.model('Language', languageSchema); // expect: no-pool-used-after-close/notAwaited
db.on('error', console.error.bind(console, 'connection error:'));
db.once('connected', function () {
  let languages = [];
  langs.forEach((lang) => {
    languages.push(new Language({ englishNames: lang.name.trim().split(', '), family: lang.family }));
  });
  Language.insertMany(languages, function (err, docs) { // reconstructed
    if (err) console.error(err); // reconstructed
    db.close(); // reconstructed
  }); // reconstructed
});
