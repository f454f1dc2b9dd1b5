import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../proxy/config/settings.js';
import { REPO_ROOT } from './support/cli.js';

describe('README stays true', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

  it('documents every setting', () => {
    for (const name of SETTING_NAMES) expect(readme, name).toContain(`\`${name}\``);
  });

  it('shows the two set-up commands', () => {
    expect(readme).toContain('npx gemgate serve');
    expect(readme).toContain('npm test');
  });
});
