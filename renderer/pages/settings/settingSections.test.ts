import { describe, expect, it } from 'vitest';
import type { SettingView } from '../../../proxy/http/admin/contract';
import { asText, fieldText, settingSections, shownUnit } from './settingSections';

const setting = (name: string, value: SettingView['value'] = 1): SettingView => ({
  name,
  label: name,
  unit: null,
  value,
  default: value,
  kind: Array.isArray(value) ? 'list' : 'number',
  description: '',
});

describe('the settings page', () => {
  it('shows one card per section: resume and the pool first, then the rest alphabetically', () => {
    const sections = settingSections([
      setting('upstream.baseUrl', 'https://x'),
      setting('alerts.desktop', true),
      setting('pool.strategy', 'weighted'),
      setting('zeta.thing'),
      setting('resume.enabled', true),
      setting('server.cors', []),
    ]);
    expect(sections.map((section) => section.section)).toEqual([
      'resume',
      'pool',
      'alerts',
      'server',
      'upstream',
      'zeta',
    ]);
  });

  it('keeps the catalogue order inside a section, and titles the sections it knows', () => {
    const [resume, unknown] = settingSections([
      setting('resume.maxAttempts'),
      setting('other.flag'),
      setting('resume.enabled', true),
      setting('resume.stallTimeoutMs'),
    ]);
    expect(resume).toMatchObject({ title: 'Resume of cut streams' });
    expect(resume!.settings.map((entry) => entry.name)).toEqual([
      'resume.maxAttempts',
      'resume.enabled',
      'resume.stallTimeoutMs',
    ]);
    expect(unknown).toMatchObject({ section: 'other', title: 'other' });
  });

  it('has no cards when there are no settings', () => {
    expect(settingSections([])).toEqual([]);
  });

  it('writes lists comma-separated, as `gemgate config set` takes them, and other values as they are', () => {
    expect(asText(['gemini-2.5-*', 'gemini-3-pro'])).toBe('gemini-2.5-*, gemini-3-pro');
    expect(asText([])).toBe('');
    expect(asText(30_000)).toBe('30000');
    expect(asText(false)).toBe('false');
  });

  it('shows milliseconds as seconds and stores them back as milliseconds; other units as they are', () => {
    expect(fieldText({ kind: 'number', unit: 'ms' }, 120_000)).toBe('120');
    expect(shownUnit('ms')).toMatchObject({ suffix: 'seconds' });
    expect(shownUnit('ms').toStored(1.5)).toBe(1500);
    expect(fieldText({ kind: 'number', unit: 'MB' }, 100)).toBe('100');
    expect(shownUnit('days').suffix).toBe('days');
    expect(fieldText({ kind: 'list', unit: null }, ['a', 'b'])).toBe('a, b');
  });
});
