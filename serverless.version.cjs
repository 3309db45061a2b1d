// VERSION without its trailing newline, for serverless.yml (`${file(...)}` of a plain file keeps it).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

module.exports = { version: readFileSync(join(__dirname, 'VERSION'), 'utf8').trim() };
