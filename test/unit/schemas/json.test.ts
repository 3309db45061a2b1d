import { expect } from 'chai';

import { parseJson } from '../../../schemas/json.js';

function errorOf(text: string): { line: number; column: number; message: string } {
  const result = parseJson(text);
  if (result.ok) return expect.fail('expected a JSON error');
  return { line: result.line, column: result.column, message: result.message };
}

describe('schemas/json', () => {
  it('parses JSON, also after a byte-order mark', () => {
    expect(parseJson('{"a": [1, "x", true, null]}')).to.deep.equal({
      ok: true,
      value: { a: [1, 'x', true, null] },
    });
    expect(parseJson('\uFEFF{"a": 1}')).to.deep.equal({ ok: true, value: { a: 1 } });
  });

  const cases: [string, string, { line: number; column: number; message: string }][] = [
    [
      'a trailing comma',
      '{\n  "a": 1,\n}',
      { line: 3, column: 1, message: 'unexpected "}", expected a double-quoted property name' },
    ],
    [
      'a missing comma',
      '{\n  "a": 1\n  "b": 2\n}',
      { line: 3, column: 3, message: 'unexpected "\\"", expected "," or "}" after a property value' },
    ],
    [
      'a missing colon',
      '{"a" 1}',
      { line: 1, column: 6, message: 'unexpected "1", expected ":" after a property name' },
    ],
    [
      'an unquoted word',
      '{"a": prod}',
      { line: 1, column: 7, message: 'unexpected word, expected a value (strings need double quotes)' },
    ],
    [
      'a single-quoted string',
      "{'a': 1}",
      { line: 1, column: 2, message: 'unexpected "\'", expected a double-quoted property name' },
    ],
    ['an unterminated string', '{"a": "x', { line: 1, column: 7, message: 'unterminated string' }],
    [
      'a line break in a string',
      '{"a": "x\ny"}',
      {
        line: 1,
        column: 9,
        message: 'line break or control character in a string (write it as \\n, \\t, …)',
      },
    ],
    ['an invalid escape', '{"a": "\\q"}', { line: 1, column: 8, message: 'invalid escape in a string' }],
    [
      'a trailing list comma',
      '[1,\n 2,\n]',
      { line: 3, column: 1, message: 'unexpected "]", expected a value' },
    ],
    [
      'an unclosed list',
      '[1, 2',
      { line: 1, column: 6, message: 'unexpected end of file, expected "," or "]" after a list element' },
    ],
    [
      'text after the document',
      '{"a": 1}}',
      { line: 1, column: 9, message: 'unexpected text after the end of the JSON document' },
    ],
    ['an invalid number', '{"a": -x}', { line: 1, column: 7, message: 'invalid number' }],
    ['an empty file', '  \n', { line: 1, column: 1, message: 'the file is empty' }],
  ];
  for (const [what, text, expected] of cases) {
    it(`locates ${what}`, () => {
      expect(errorOf(text)).to.deep.equal(expected);
    });
  }

  it('never quotes the surrounding text (a token stays out of the message)', () => {
    const error = errorOf('{"clumio_token": "secret-token-123", oops}');
    expect(error.message).not.to.include('secret');
    expect(error).to.deep.include({ line: 1, column: 38 });
  });
});
