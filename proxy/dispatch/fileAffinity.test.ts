import { describe, expect, it } from 'vitest';
import { FileAffinity, fileIdsOf } from './fileAffinity.js';

const naming = (...uris: string[]) => ({
  contents: [
    { role: 'user', parts: [...uris.map((fileUri) => ({ fileData: { fileUri } })), { text: 'read' }] },
  ],
});

describe('FileAffinity', () => {
  it('reads Files API ids from full URIs and resource names, and nothing else', () => {
    expect(
      fileIdsOf(
        naming(
          'https://generativelanguage.googleapis.com/v1beta/files/abc123',
          'files/def456',
          'https://www.youtube.com/watch?v=9hE5-98ZeCg',
          'gs://bucket/report.pdf',
        ),
      ),
    ).toEqual(['abc123', 'def456']);
    expect(fileIdsOf({ contents: 'not a list' })).toEqual([]);
    expect(fileIdsOf(null)).toEqual([]);
  });

  it('sends a file back to the project that read it, and forgets the oldest past its bound', () => {
    const affinity = new FileAffinity(2);
    affinity.record(naming('files/a'), 'project-1');
    affinity.record(naming('files/b', 'files/c'), 'project-2');
    expect(affinity.preferredProject(naming('files/c'))).toBe('project-2');
    expect(affinity.preferredProject(naming('files/a'))).toBeUndefined();
    expect(affinity.preferredProject(naming('files/unknown'))).toBeUndefined();
  });
});
