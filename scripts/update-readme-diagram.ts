// Regenerates the README's workflow diagram from the ASL: `npm run diagram`.
import { readFileSync, writeFileSync } from 'node:fs';
import { replaceDiagramBlock } from '../statemachine/readme-diagram.ts';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, replaceDiagramBlock(readFileSync(path, 'utf8')));
console.log('README.md diagram updated from statemachine/onboarding.asl.json');
