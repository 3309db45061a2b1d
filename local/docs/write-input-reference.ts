/** `npm run docs:reference`: writes docs/input-reference.md from the input codecs. */
import { writeFile } from 'node:fs/promises';
import { inputReference, inputReferencePath } from './input-reference.js';

await writeFile(inputReferencePath, await inputReference());
process.stdout.write(`${inputReferencePath}\n`);
